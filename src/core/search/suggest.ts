import { configurations } from "./configurations.js";
import type { ConfigPredictions } from "../engines/engine.js";
import type { Evaluation } from "./evaluation.js";
import { passesQuality, unfitting } from "./gates.js";
import { OWNED_YEARS, weigh } from "../hardware/pricing.js";
import { billed, priceKnown } from "./billing.js";
import { MAX_TOKENS } from "../limits.js";
import { BOUNDS } from "../planner/bounds.js";
import { maxGpus } from "./workload.js";
import { monthlyCost } from "../laws/cost.js";
import { search } from "./search.js";
import { latencyAt, latencyMiss } from "../laws/queue.js";
import { modelsForSize } from "../model/size-class.js";
import { generatedTokens } from "./workload.js";
import type { Catalog, Scenario } from "../catalog/types.js";
import type { Admitted, Suggestion, SuggestionField } from "../planner/results.js";

/** The top candidate of the search, if any. */
function recommend(catalog: Catalog, request: Scenario): Evaluation | undefined {
  return search(catalog, request, 1, { bound: true }).candidates[0];
}

/** The configuration a suggested value admits: the plan's recommendation when re-run with it. */
function admitted(e: Evaluation): Admitted {
  return {
    model: e.model.name,
    quant: e.quant.name,
    backend: e.backend,
    replicas: e.sizing.replicas,
    gpus_per_replica: e.sizing.gpusPerReplica,
    concurrency: e.sizing.concurrency,
  };
}

/**
 * Tries each of `values` in order (safest rounding last) and returns the first the search admits a
 * configuration with, so a suggestion is only ever a value that was re-run and worked.
 */
function firstAdmitting<V extends number | string>(
  catalog: Catalog,
  field: SuggestionField,
  values: readonly V[],
  apply: (value: V) => Scenario,
): Suggestion | undefined {
  for (const value of values) {
    const best = recommend(catalog, apply(value));
    if (best) return { field, value, admits: admitted(best) };
  }
  return undefined;
}

/**
 * The configurations that pass the gates the search applies before any load (the context window, VRAM)
 * and, unless ignored, quality: a threshold drawn from one the search would turn away is no suggestion.
 */
function* gatedConfigs(catalog: Catalog, request: Scenario, ignoreQuality = false): Generator<ConfigPredictions> {
  const gates = catalog.engine.gates(request);
  for (const config of configurations(catalog, request)) {
    if (unfitting(request, config, gates)) continue;
    if (!ignoreQuality && !passesQuality(catalog, config, request)) continue;
    yield config;
  }
}

const ceilTo = (x: number, digits: number) => Math.ceil(x * 10 ** digits - 1e-9) / 10 ** digits;
const floorTo = (x: number, digits: number) => Math.floor(x * 10 ** digits + 1e-9) / 10 ** digits;

/** Up to a few nearby values above `x` on a `digits` grid, safest last. */
const upward = (x: number, digits: number) => [0, 1, 2].map((k) => ceilTo(x, digits) + k / 10 ** digits);

/**
 * The three thresholds that need only the deployments each configuration offers at this load: the lowest
 * budget (the cheapest deployment within the SLO), the lowest SLO (the fastest within budget), and the
 * highest quality target (the best quality with a deployment within both). Enumerated once, for all three.
 */
function thresholds(catalog: Catalog, request: Scenario) {
  let budget = Infinity;
  let latency = Infinity;
  let quality = -Infinity;
  for (const config of gatedConfigs(catalog, request, true)) {
    const meetsTarget = passesQuality(catalog, config, request);
    for (const o of catalog.engine.carrying(config, request).map((o) => billed(request, o))) {
      const inSlo = latencyMiss(o.latency, request) === undefined;
      const inBudget = o.monthlyCost <= request.budgetUsdPerMonth;
      const otherSlos = latencyMiss(o.latency, { ...request, latencySloMs: Infinity }) === undefined;
      if (meetsTarget && inSlo) budget = Math.min(budget, o.monthlyCost);
      if (meetsTarget && inBudget && otherSlos) latency = Math.min(latency, latencyAt(o.latency, "e2e", request.percentile));
      if (inSlo && inBudget && config.quality.score !== null) quality = Math.max(quality, config.quality.score);
    }
  }
  return { budget, latency, quality };
}

/** The one-flag suggestions for budget (none without a price), SLO and quality target, each re-run at its rounded value. */
function constraintSuggestions(catalog: Catalog, request: Scenario): (Suggestion | undefined)[] {
  const t = thresholds(catalog, request);
  const budget = Number.isFinite(t.budget) && priceKnown(request)
    ? firstAdmitting(catalog, "budgetUsdPerMonth", upward(t.budget, 2).map((v) => Number(v.toFixed(2))), (budget) => ({ ...request, budgetUsdPerMonth: budget }))
    : undefined;
  const latency = Number.isFinite(t.latency)
    ? firstAdmitting(catalog, "latencySloMs", upward(t.latency, 0), (latencySloMs) => ({ ...request, latencySloMs }))
    : undefined;
  const qualityValues = [0, 1, 2].map((k) => Number(Math.max(0, floorTo(t.quality, 3) - k / 1000).toFixed(3)));
  const quality = Number.isFinite(t.quality)
    ? firstAdmitting(catalog, "qualityTarget", qualityValues, (qualityTarget) => ({ ...request, qualityTarget }))
    : undefined;
  return [budget, latency, quality];
}

/** Rates at or below `x` with 3, 4, 6 and 9 significant digits, coarsest first. */
function downward(x: number): number[] {
  return [3, 4, 6, 9].map((digits) => {
    const scale = 10 ** (digits - 1 - Math.floor(Math.log10(x)));
    return Math.floor(x * scale) / scale;
  });
}

/** The highest request rate that admits one (at most `ceiling`): each configuration's highest, by its engine's laws. */
function requestRate(catalog: Catalog, request: Scenario, ceiling: number): Suggestion | undefined {
  let best = 0;
  for (const config of gatedConfigs(catalog, request)) {
    // Nothing is suggested above the ceiling: once there, no configuration can raise the suggestion.
    if (best >= ceiling) break;
    best = Math.max(best, Math.min(catalog.engine.highestRate(config, request, best), ceiling));
  }
  if (best <= 0) return undefined;
  return firstAdmitting(catalog, "requestRate", downward(best), (requestRate) => ({ ...request, requestRate }));
}

/** The longest context that admits one, between `low` and `high`: admission only shrinks as context grows. */
function contextLength(catalog: Catalog, request: Scenario, low: number, high: number): Suggestion | undefined {
  const admits = (contextLength: number) => recommend(catalog, { ...request, contextLength }) !== undefined;
  if (low > high || !admits(low)) return undefined;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (admits(mid)) low = mid;
    else high = mid - 1;
  }
  return firstAdmitting(catalog, "contextLength", [low], (contextLength) => ({ ...request, contextLength }));
}

/** The longest context any model of the size class was trained for: no suggestion goes past it. */
function longestWindow(catalog: Catalog, request: Scenario): number {
  return Math.min(MAX_TOKENS, Math.max(...modelsForSize(catalog.models, request.sizeClass).map((m) => m.context_window)));
}

/**
 * The shortest context a suggestion may go down to: one that still holds the prompt (given or the
 * workload preset's) and the output, where the laws refuse less (the physics); else 1 (the reference).
 */
function leastContext(catalog: Catalog, request: Scenario): number {
  if (catalog.engine.workloadProblem({ ...request, contextLength: 1 }) === undefined) return 1;
  return (request.promptTokens ?? 0) + generatedTokens(request);
}

/**
 * The fewest GPUs a plan may bill, above the request's cap, that admit one: a larger cap only adds
 * deployments, so it is found by bisection once the largest admits (the reference's own cap never moves).
 */
function gpuCap(catalog: Catalog, request: Scenario): Suggestion | undefined {
  let low = maxGpus(request) + 1;
  let high: number = BOUNDS.maxGpus.max;
  // Only deployments past the cap are new, and they bill more GPUs than the budget pays for.
  if (monthlyCost(request.gpu.usd_per_hour) * low > request.budgetUsdPerMonth) return undefined;
  const admits = (cap: number) => recommend(catalog, { ...request, maxGpus: cap }) !== undefined;
  if (low > high || !admits(high)) return undefined;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (admits(mid)) high = mid;
    else low = mid + 1;
  }
  return firstAdmitting(catalog, "maxGpus", [low], (cap) => ({ ...request, maxGpus: cap }));
}

/**
 * GPUs per replica that admit one when the request did not weigh every split: the split of the
 * recommendation with every split weighed (a model that fits one GPU is otherwise never split), else "auto".
 */
function split(catalog: Catalog, request: Scenario): Suggestion | undefined {
  // Only replicas of two GPUs or more are new (a model that does not fit one GPU is already split), and they must be paid for.
  if (request.tensorParallel === "auto" || monthlyCost(request.gpu.usd_per_hour) * 2 > request.budgetUsdPerMonth) return undefined;
  const best = recommend(catalog, { ...request, tensorParallel: "auto" });
  if (!best) return undefined;
  const gpus = best.sizing.gpusPerReplica;
  return firstAdmitting(catalog, "tensorParallel", gpus === request.tensorParallel ? ["auto"] : [gpus, "auto"], (tensorParallel) => ({ ...request, tensorParallel }));
}

/** The cheapest GPU per hour in the database (of those with a price on the request's basis) that admits one. */
function hardware(catalog: Catalog, request: Scenario): Suggestion | undefined {
  // Each GPU at its own price on the basis (not one the request set for its GPU).
  const pricing = { ...(request.billing?.pricing ?? { choice: "any", ownedYears: OWNED_YEARS }), override: undefined };
  const byPrice = catalog.gpus
    .map((g) => weigh(g, pricing, false))
    .filter((w) => w !== undefined)
    .sort((a, b) => a.gpu.usd_per_hour - b.gpu.usd_per_hour);
  for (const { gpu, billing } of byPrice) {
    // Every deployment bills at least one GPU's month: from here on, each GPU alone is over the budget.
    if (monthlyCost(gpu.usd_per_hour) > request.budgetUsdPerMonth) break;
    const s = firstAdmitting(catalog, "hardware", [gpu.name], () => ({ ...request, gpu, billing }));
    if (s) return s;
  }
  return undefined;
}

/**
 * For each constraint alone, the value at which the search admits at least one configuration, found by
 * running the search itself and re-run at the rounded value: when nothing fits, the least relaxation;
 * when something does, how far each constraint can go before nothing would.
 */
export function suggest(catalog: Catalog, request: Scenario, nothingFits: boolean): Suggestion[] {
  const suggestions = [
    ...constraintSuggestions(catalog, request),
    requestRate(catalog, request, nothingFits ? request.requestRate : Infinity),
    nothingFits
      ? contextLength(catalog, request, leastContext(catalog, request), request.contextLength - 1)
      : contextLength(catalog, request, request.contextLength, longestWindow(catalog, request)),
    // More GPUs (a higher cap, or a model split over more) can only admit: asked only when nothing fits.
    ...(nothingFits ? [gpuCap(catalog, request), split(catalog, request)] : []),
    hardware(catalog, request),
  ];
  return suggestions.filter((s): s is Suggestion => s !== undefined);
}
