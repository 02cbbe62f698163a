import type { ApiPrice, Catalog, Scenario } from "../catalog/types.js";
import { monthlyCost } from "../laws/cost.js";
import type { ApiComparison } from "../planner/results.js";
import { round } from "../round.js";
import type { Evaluation } from "./evaluation.js";
import { generatedTokens, promptTokens } from "./workload.js";

/** Seconds in the month costs are counted over: 24 × 30 hours, as monthlyCost counts a GPU's. */
const SECONDS_PER_MONTH = monthlyCost(1) * 3600;

/** The hosted prices of a model (data/api-prices.json), in the file's order. */
export function apiPricesOf(catalog: Pick<Catalog, "apiPrices">, model: string): ApiPrice[] {
  return catalog.apiPrices.filter((p) => p.model === model);
}

/**
 * A deployment against each hosted API price of its model. The API bills a request its prompt at the
 * input price and every generated token at the output price (APIs bill hidden reasoning as output;
 * cached-input discounts are not applied), so R requests a second cost R × seconds a month × that. The
 * deployment costs its monthly cost whatever the rate up to its capacity: self-hosting is cheaper above
 * the rate at which the two meet, if the deployment can carry that rate.
 */
export function apiComparison(catalog: Pick<Catalog, "apiPrices">, evaluation: Evaluation, scenario: Scenario): ApiComparison[] {
  const prompt = promptTokens(scenario);
  const generated = generatedTokens(scenario);
  return apiPricesOf(catalog, evaluation.model.name).map((p) => {
    const perRequest = (prompt * p.usdPer1mInput + generated * p.usdPer1mOutput) / 1e6;
    const perRateMonth = perRequest * SECONDS_PER_MONTH;
    const breakEven = evaluation.monthlyCost / perRateMonth;
    const known = evaluation.costKnown && breakEven <= evaluation.sizing.capacityRps;
    return {
      provider: p.provider,
      model: p.model,
      provider_model: p.providerModel,
      usd_per_1m_input: p.usdPer1mInput,
      usd_per_1m_output: p.usdPer1mOutput,
      hosted_usd_per_1m_tok: round((perRequest / generated) * 1e6, 4),
      hosted_usd_per_month: round(scenario.requestRate * perRateMonth, 2),
      break_even_request_rate: known ? round(breakEven, 4) : null,
      source: p.source,
      date: p.date,
    };
  });
}
