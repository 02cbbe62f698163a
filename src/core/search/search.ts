import { candidates as configurationsToSearch, type Configuration as ConfigCandidate } from "./configurations.js";
import { monthlyCost } from "../laws/cost.js";
import { round } from "../round.js";
import { evaluate, type Evaluation } from "./evaluation.js";
import { judge } from "./gates.js";
import { rank, type Admission } from "./ranking.js";
import type { Rejection } from "./rejection.js";
import { formatSizeClass, selectModels } from "../model/size-class.js";
import type { Catalog, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";

/** The search's answer: survivors ranked cheapest first, and what each gate turned away. */
export interface SearchResult {
  /** The best `limit` survivors, evaluated in full (latency, cost, warnings, provenance). */
  candidates: Evaluation[];
  /** How many configurations passed every gate; undefined when the search skipped those that could not rank (SearchOptions.bound). */
  passed: number | undefined;
  rejected: Rejection[];
  /** (model, quant, backend) configurations considered. */
  searched: number;
  /** No model was within the size class: the closest was planned instead (every candidate says so too). */
  substituted: boolean;
}

/**
 * The gated search of TR133 SS10 over every configuration the request asks for: configurations, their
 * deployments judged by the gates, survivors ranked by monthly cost, then quality; only the first `limit`
 * are evaluated in full (the rest are counted).
 */
export function search(catalog: Catalog, request: Scenario, limit = Infinity, options: SearchOptions = {}): SearchResult {
  const admitted: Admission[] = [];
  const rejected: Rejection[] = [];
  let searched = 0;
  const selection = selectModels(catalog.models, request.sizeClass);
  const bound = options.bound === true && Number.isFinite(limit) ? costBound(catalog, request, limit) : undefined;
  const gates = catalog.engine.gates(request);
  for (const candidate of configurationsToSearch(catalog, request, selection.models, bound?.hopeless)) {
    searched++;
    if (bound?.outranked(candidate)) continue;
    const config = catalog.engine.configure(candidate.model, candidate.quant, candidate.backend, request, candidate.gpusPerReplica);
    const verdict = judge(catalog, request, config, gates);
    if (verdict.kind === "admitted") {
      admitted.push(verdict);
      bound?.admit(verdict);
      continue;
    }
    const { gate, value, limit: broken, sizing } = verdict;
    rejected.push({
      model: config.model.name,
      quant: config.quant.name,
      backend: config.backend,
      gpus_per_replica: config.parallelism.gpusPerReplica,
      gate,
      value,
      limit: broken,
      ...(sizing ? { replicas: sizing.replicas, gpus_billed: sizing.gpusBilled, concurrency: sizing.concurrency } : {}),
    });
  }
  const candidates = rank(admitted)
    .slice(0, limit)
    .map((a) => evaluate(catalog, request, a.config, a.choice.sizing));
  if (selection.substituted) {
    for (const c of candidates) {
      c.warnings.push({ code: "size_class_substituted", size_class: formatSizeClass(request.sizeClass), params_b: c.model.params_b });
    }
  }
  return { candidates, passed: bound ? undefined : admitted.length, rejected, searched, substituted: selection.substituted };
}

/** How the search may save work. */
export interface SearchOptions {
  /**
   * Skip a configuration that cannot rank among the best `limit` found so far: its cost is at least its
   * GPUs per replica at one replica, and its quality is known before any prediction. The passed count is
   * then unknown, and rejections are not all listed.
   */
  bound?: boolean;
}

/** The ranking's keys of the best `limit` admitted so far, and whether a configuration can still beat the last. */
function costBound(catalog: Catalog, request: Scenario, limit: number) {
  const perGpu = monthlyCost(request.gpu.usd_per_hour);
  const kept: { cost: number; quality: number }[] = [];
  const better = (a: { cost: number; quality: number }, b: { cost: number; quality: number }) =>
    a.cost < b.cost || (a.cost === b.cost && a.quality > b.quality);
  const outranks = (model: ModelSpec, quant: QuantLevel, gpus: number): boolean => {
    if (kept.length < limit) return false;
    const score = catalog.engine.quality(model, quant).score;
    const lowest = { cost: round(perGpu * gpus, 2), quality: score === null ? -Infinity : round(score, 3) };
    return !better(lowest, kept[kept.length - 1]!);
  };
  return {
    /** Whether a configuration, at its cheapest and with its quality, ranks after all of the best `limit` (ties keep search order). */
    outranked(c: ConfigCandidate): boolean {
      return outranks(c.model, c.quant, c.gpusPerReplica);
    },
    /** Whether every configuration of a model in a format does (on one GPU, its cheapest). */
    hopeless(model: ModelSpec, quant: QuantLevel): boolean {
      return outranks(model, quant, 1);
    },
    admit(a: Admission): void {
      const score = a.config.quality.score;
      const entry = { cost: round(a.choice.monthlyCost, 2), quality: score === null ? -Infinity : round(score, 3) };
      let i = kept.length;
      while (i > 0 && better(entry, kept[i - 1]!)) i--;
      kept.splice(i, 0, entry);
      if (kept.length > limit) kept.pop();
    },
  };
}
