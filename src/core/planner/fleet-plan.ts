import type { Catalog, Gpu, Pricing } from "../catalog/types.js";
import { lookupGpu } from "../hardware/gpu-lookup.js";
import { UNPRICED_USD_PER_HOUR, weigh, type Weighed } from "../hardware/pricing.js";
import { monthlyCost } from "../laws/cost.js";
import { round } from "../round.js";
import { toCandidate } from "../search/candidate.js";
import { evaluate } from "../search/evaluation.js";
import type { FleetGroup, FleetServing } from "../search/fleet.js";
import { ChimeraforgeError, fieldError } from "./errors.js";
import { parseFleet, type FleetGroupRequest } from "./fleet-spec.js";
import type { PlanRequest } from "./requests.js";
import type { FleetGroupPlan, FleetGroupScope, FleetPlan } from "./results.js";

/** Request fields a fleet plan refuses, and why: a fleet's GPUs are given, owned and all serve. */
const NOT_WITH_FLEET = {
  hardware: "names GPUs to weigh: a {fleet} names the GPUs owned; give one or the other.",
  gpu: "describes a GPU to weigh: a {fleet} names the GPUs owned; give one or the other.",
  maxGpus: "caps the GPUs billed: a {fleet} serves on every GPU it holds.",
  budgetUsdPerMonth: "weighs GPUs to rent or buy: a {fleet}'s GPUs are owned (its cost is said where its prices are known).",
  gpuUsdPerHour: "sets one price for every GPU: a {fleet}'s GPUs take their own, on {priceBasis}.",
  compareApi: "weighs a candidate's cost against hosted APIs: a {fleet}'s GPUs are owned.",
  maxRate: "finds each candidate's highest rate: a {fleet} plan gives each group's, and the fleet's, already.",
} as const;

/** Refuses a request that gives a field a fleet plan cannot take. */
export function checkFleetRequest(request: PlanRequest): void {
  for (const [field, detail] of Object.entries(NOT_WITH_FLEET)) {
    if (request[field as keyof typeof NOT_WITH_FLEET] !== undefined) throw new ChimeraforgeError("conflicting_fields", { field, detail });
  }
}

/** The GPU a fleet item names, refused under the fleet field (closest names, or every match when ambiguous). */
function fleetGpu(gpus: readonly Gpu[], item: FleetGroupRequest): Gpu {
  const found = lookupGpu(gpus, item.gpu);
  if (found.kind === "found") return found.item;
  if (found.kind === "ambiguous") throw fieldError("ambiguous_name", "fleet", `is ambiguous: it matches ${found.matches.map((g) => `"${g.name}"`).join(", ")}.`, item.gpu);
  throw fieldError("unknown_name", "fleet", `is not a known GPU. Closest: ${found.closest.map((g) => `"${g.name}"`).join(", ")} (see list-hardware).`, item.gpu);
}

/**
 * A fleet's GPUs, each weighed on the fleet's basis (owned unless asked: the purchase over the years,
 * energy added with a rate). A GPU without a price there is weighed at the stand-in, its cost unknown:
 * a fleet plan needs no price. A GPU named twice is refused (one count per GPU).
 */
export function fleetGpus(catalog: Catalog, request: PlanRequest, pricing: Pricing): { weighed: Weighed; count: number }[] {
  const asked = typeof request.fleet === "string" ? parseFleet(request.fleet) : request.fleet!;
  const groups = asked.map((item) => ({ gpu: fleetGpu(catalog.gpus, item), count: item.count }));
  groups.forEach((g, i) => {
    if (groups.findIndex((h) => h.gpu === g.gpu) !== i) throw fieldError("invalid_field", "fleet", `: names ${g.gpu.name} twice: give one count per GPU.`, asked.map((a) => `${a.count}x ${a.gpu}`).join(","));
  });
  return groups.map(({ gpu, count }) => ({
    weighed: weigh(gpu, pricing, false) ?? {
      gpu: { ...gpu, usd_per_hour: UNPRICED_USD_PER_HOUR },
      billing: { basis: null, pricing, ...(pricing.electricityUsdPerKwh !== undefined ? { electricityUsdPerKwh: pricing.electricityUsdPerKwh } : {}) },
    },
    count,
  }));
}

/** A fleet's groups as its scope lists them. */
export function fleetScope(groups: readonly { weighed: Weighed; count: number }[]): FleetGroupScope[] {
  return groups.map(({ weighed, count }) => ({
    gpu: weighed.gpu.name,
    count,
    usd_per_hour: weighed.billing.basis === null ? null : round(weighed.gpu.usd_per_hour, 4),
    price_basis: weighed.billing.basis,
  }));
}

/** The sum of `values`, or null when any is null. */
function sumKnown(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0);
}

/**
 * A model served over a fleet as a result says it: each group's configuration with its latencies at its
 * share of the traffic (in proportion to what each carries within the SLOs), and the fleet's cost where
 * every GPU's price is known.
 */
export function fleetPlan(catalog: Catalog, served: FleetServing, groups: readonly FleetGroup[]): FleetPlan {
  const rate = groups[0]!.scenario.requestRate;
  const total = served.highestRateRps;
  const plans = groups.map((group, i): FleetGroupPlan => {
    const g = served.groups[i];
    const gpu = group.scenario.gpu.name;
    if (!g) return { gpu, gpus: group.count, gpus_serving: 0, highest_rate_rps: 0, traffic_share: 0, request_rate: 0, serving: null };
    const share = g.highestRateRps / total;
    const scenario = { ...group.scenario, requestRate: rate * share };
    const candidate = toCandidate(evaluate(catalog, scenario, g.config, g.sizing), gpu, catalog.engine);
    return {
      gpu,
      gpus: group.count,
      gpus_serving: g.sizing.gpusBilled,
      highest_rate_rps: round(g.highestRateRps, 3),
      traffic_share: round(share, 4),
      request_rate: round(rate * share, 4),
      serving: candidate,
    };
  });
  const serving = plans.filter((p) => p.serving !== null).map((p) => p.serving!);
  const hardware = sumKnown(groups.map((g) => (g.scenario.billing?.basis === null ? null : monthlyCost(g.scenario.gpu.usd_per_hour) * g.count)));
  const energyUsd = sumKnown(serving.map((c) => c.energy_usd_per_month));
  const energyKwh = sumKnown(serving.map((c) => c.energy_kwh_per_month));
  return {
    model: served.model.name,
    meets: served.meets,
    highest_rate_rps: round(total, 3),
    groups: plans,
    monthly_cost: hardware === null ? null : round(hardware + (energyUsd ?? 0), 2),
    energy_kwh_per_month: energyKwh === null ? null : round(energyKwh, 1),
    energy_usd_per_month: energyUsd === null ? null : round(energyUsd, 2),
  };
}
