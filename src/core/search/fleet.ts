import type { Catalog, ModelSpec, Scenario } from "../catalog/types.js";
import type { ConfigPredictions } from "../engines/engine.js";
import { highestRateOver } from "../engines/highest-rate.js";
import type { Sizing } from "../laws/sizing.js";
import { configurations } from "./configurations.js";
import { passesQuality, unfitting } from "./gates.js";
import { publishedQualityOf } from "./quality-verdict.js";
import { rankingKey, type QualityRanking } from "./ranking.js";

/** One group of a fleet: `count` GPUs of the scenario's GPU, owned (the scenario: no budget, at most `count` GPUs). */
export interface FleetGroup {
  scenario: Scenario;
  count: number;
}

/** A configuration one group serves on as many replicas as its GPUs hold, and the most it carries within the SLOs. */
interface GroupServing {
  config: ConfigPredictions;
  sizing: Sizing;
  /** Requests per second the group carries within every latency SLO (highest-rate.ts). */
  highestRateRps: number;
  /** Its quality key under the fleet's ranking (higher first). */
  key: number;
}

/** A model served over a fleet: what each group serves (null: nothing), and the most the whole carries. */
export interface FleetServing {
  model: ModelSpec;
  /** In the fleet's order. */
  groups: (GroupServing | null)[];
  /** Requests per second the fleet carries within the SLOs: its groups' sum, traffic split in proportion to them. */
  highestRateRps: number;
  /** Whether that reaches the scenario's request rate. */
  meets: boolean;
  /** The lowest quality key among the groups that serve: the worst answer a request may get. */
  key: number;
}

/** What a fleet search weighed, and the models it can serve, best first. */
export interface FleetSearch {
  servings: FleetServing[];
  /** (model, quant, backend, GPUs per replica) configurations weighed, over every group. */
  searched: number;
}

/**
 * The deployments of a configuration over a group: every replica its GPUs hold (owned GPUs cost the same
 * idle), at each concurrency, the one that completes most first.
 */
function groupDeployments(catalog: Catalog, config: ConfigPredictions, group: FleetGroup): Sizing[] {
  const options = catalog.engine.deployments(config, group.scenario).filter((s) => s.gpusBilled <= group.count);
  const most = Math.max(...options.map((s) => s.replicas));
  return options.filter((s) => s.replicas === most).sort((a, b) => b.capacityRps - a.capacityRps);
}

/**
 * Of `deployments` (most capacity first), the one that carries the most within the SLOs, if it carries
 * more than `beat` (else undefined): no deployment carries more than it completes at full load, so those
 * that complete less are not weighed.
 */
function carriesMostOf(catalog: Catalog, config: ConfigPredictions, scenario: Scenario, deployments: readonly Sizing[], beat: number): { sizing: Sizing; rate: number } | undefined {
  const latencyAt = (sizing: Sizing, requestRate: number) => catalog.engine.latency(config, sizing, { ...scenario, requestRate });
  let best: { sizing: Sizing; rate: number } | undefined;
  for (const sizing of deployments) {
    const bar = Math.max(beat, best?.rate ?? 0);
    if (sizing.capacityRps < bar) break;
    // Only a rate above the bar counts: a deployment that misses its SLOs there is not bisected.
    const rate = highestRateOver([sizing], scenario, latencyAt, { above: bar });
    if (rate > bar) best = { sizing, rate };
  }
  return best;
}

/**
 * What a group can serve of `model`: each configuration that fits its GPUs and passes the quality gate,
 * deployed over the group, that carries some load within the SLOs. One that another of at least its
 * quality is known to outcarry is left out (a fleet never picks it): configurations are weighed from the
 * highest quality key down, each against the most carried so far.
 */
function groupOptions(catalog: Catalog, model: ModelSpec, group: FleetGroup, ranking: QualityRanking, counted: { searched: number }): GroupServing[] {
  const gates = catalog.engine.gates(group.scenario);
  const fitting: { config: ConfigPredictions; key: number; deployments: Sizing[]; index: number }[] = [];
  for (const config of configurations(catalog, group.scenario, [model])) {
    counted.searched++;
    if (unfitting(group.scenario, config, gates) || !passesQuality(catalog, config, group.scenario)) continue;
    const deployments = groupDeployments(catalog, config, group);
    if (deployments.length === 0) continue;
    const key = rankingKey({ quality: config.quality, published: publishedQualityOf(catalog, config.model, config.quant), quant: config.quant }, ranking);
    fitting.push({ config, key, deployments, index: fitting.length });
  }
  fitting.sort((a, b) => b.key - a.key || b.deployments[0]!.capacityRps - a.deployments[0]!.capacityRps || a.index - b.index);
  const options: GroupServing[] = [];
  let most = 0;
  for (const { config, key, deployments } of fitting) {
    const found = carriesMostOf(catalog, config, group.scenario, deployments, most);
    if (!found) continue;
    options.push({ config, sizing: found.sizing, highestRateRps: found.rate, key });
    most = Math.max(most, found.rate);
  }
  return options;
}

/** Of a group's options with a key of at least `floor`, the one that carries most (ties: the higher key, then fewer GPUs per replica, then search order). */
function carriesMost(options: readonly GroupServing[], floor: number): GroupServing | null {
  let best: GroupServing | null = null;
  for (const o of options) {
    if (o.key < floor) continue;
    if (
      !best ||
      o.highestRateRps > best.highestRateRps ||
      (o.highestRateRps === best.highestRateRps && (o.key > best.key || (o.key === best.key && o.sizing.gpusPerReplica < best.sizing.gpusPerReplica)))
    ) {
      best = o;
    }
  }
  return best;
}

/**
 * A model over the fleet: the highest quality floor at which the groups together carry the request rate,
 * each group serving, at that floor or above, what carries most; when no floor does, every option counts
 * (the most the fleet carries, which falls short). Undefined when no group can serve the model at all.
 */
function serveModel(model: ModelSpec, options: readonly GroupServing[][], requestRate: number): FleetServing | undefined {
  const floors = [...new Set(options.flat().map((o) => o.key))].sort((a, b) => b - a);
  let served: FleetServing | undefined;
  for (const floor of floors) {
    const groups = options.map((list) => carriesMost(list, floor));
    const serving = groups.filter((g): g is GroupServing => g !== null);
    const highestRateRps = serving.reduce((sum, g) => sum + g.highestRateRps, 0);
    served = { model, groups, highestRateRps, meets: highestRateRps >= requestRate, key: Math.min(...serving.map((g) => g.key)) };
    if (served.meets) return served;
  }
  // The lowest floor admits every option: the most the fleet carries.
  return served;
}

/** Fleets that meet the rate first, then the higher quality floor, then the more they carry; ties keep registry order. */
function better(a: FleetServing, b: FleetServing): number {
  return Number(b.meets) - Number(a.meets) || b.key - a.key || b.highestRateRps - a.highestRateRps;
}

/**
 * Each model of `models` served over the fleet's groups (see serveModel), best first: the same model on
 * every group, so that any group may answer any request, each group in the format and backend that suit
 * its GPUs. The groups' scenarios differ in their GPU and count alone.
 */
export function searchFleet(catalog: Catalog, models: readonly ModelSpec[], groups: readonly FleetGroup[], ranking: QualityRanking): FleetSearch {
  const counted = { searched: 0 };
  const requestRate = groups[0]!.scenario.requestRate;
  const servings: FleetServing[] = [];
  for (const model of models) {
    const served = serveModel(
      model,
      groups.map((g) => groupOptions(catalog, model, g, ranking, counted)),
      requestRate,
    );
    if (served) servings.push(served);
  }
  return { servings: servings.map((s, i) => ({ s, i })).sort((a, b) => better(a.s, b.s) || a.i - b.i).map(({ s }) => s), searched: counted.searched };
}
