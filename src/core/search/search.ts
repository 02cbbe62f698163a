import { candidates as configurationsToSearch, type Configuration as ConfigCandidate } from "./configurations.js";
import { monthlyCost } from "../laws/cost.js";
import { round } from "../round.js";
import { evaluate, type Evaluation } from "./evaluation.js";
import { judge } from "./gates.js";
import { publishedQualityOf } from "./quality-verdict.js";
import { qualityRanking, rank, rankingKey, type Admission, type QualityRanking } from "./ranking.js";
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
 * deployments judged by the gates, survivors ranked by monthly cost, then `ranking`; only the first `limit`
 * are evaluated in full (the rest are counted).
 */
export function search(catalog: Catalog, request: Scenario, limit = Infinity, options: SearchOptions = {}): SearchResult {
  const admitted: Admission[] = [];
  const rejected: Rejection[] = [];
  let searched = 0;
  const selection = selectModels(catalog.models, request.sizeClass);
  const ranking = options.ranking ?? rankingOver(catalog, [request]);
  const bound = options.bound === true && Number.isFinite(limit) ? costBound(catalog, request, limit, ranking) : undefined;
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
    const { gate, value, limit: broken, sizing, scale } = verdict;
    rejected.push({
      model: config.model.name,
      quant: config.quant.name,
      backend: config.backend,
      gpus_per_replica: config.parallelism.gpusPerReplica,
      gate,
      value,
      limit: broken,
      ...(scale ? { scale } : {}),
      ...(sizing ? { replicas: sizing.replicas, gpus_billed: sizing.gpusBilled, concurrency: sizing.concurrency } : {}),
    });
  }
  const candidates = rank(admitted, ranking)
    .slice(0, limit)
    .map((a) => evaluate(catalog, request, a.config, a.choice.sizing));
  if (selection.substituted) {
    for (const c of candidates) {
      c.warnings.push({ code: "size_class_substituted", size_class: formatSizeClass(request.sizeClass), params_b: c.model.params_b });
    }
  }
  return { candidates, passed: bound ? undefined : admitted.length, rejected, searched, substituted: selection.substituted };
}

/**
 * The ranking that covers every (model, format) some backend serves on the scenarios' GPUs (see
 * QualityRanking): chosen before the search, from what it will weigh, so that no configuration's place
 * depends on which others the gates let through.
 */
export function rankingOver(catalog: Catalog, scenarios: readonly Scenario[]): QualityRanking {
  function* weighed() {
    for (const scenario of scenarios) {
      for (const model of selectModels(catalog.models, scenario.sizeClass).models) {
        for (const quant of scenario.quants ?? catalog.quants) {
          if (!(scenario.backends ?? catalog.backends).some((b) => catalog.engine.serves(b, quant, scenario.gpu, scenario))) continue;
          yield { quality: catalog.engine.quality(model, quant), published: publishedQualityOf(catalog, model, quant) };
        }
      }
    }
  }
  return qualityRanking(weighed());
}

/** How the search may save work. */
export interface SearchOptions {
  /**
   * Skip a configuration that cannot rank among the best `limit` found so far: its cost is at least its
   * GPUs per replica at one replica, and its ranking key is known before any prediction. The passed count is
   * then unknown, and rejections are not all listed.
   */
  bound?: boolean;
  /** What orders candidates of equal cost (default: what covers every configuration of this scenario, rankingOver). */
  ranking?: QualityRanking;
}

/** The ranking's keys of the best `limit` admitted so far, and whether a configuration can still beat the last. */
function costBound(catalog: Catalog, request: Scenario, limit: number, ranking: QualityRanking) {
  const perGpu = monthlyCost(request.gpu.usd_per_hour);
  const kept: { cost: number; key: number }[] = [];
  const better = (a: { cost: number; key: number }, b: { cost: number; key: number }) => a.cost < b.cost || (a.cost === b.cost && a.key > b.key);
  const outranks = (model: ModelSpec, quant: QuantLevel, gpus: number): boolean => {
    if (kept.length < limit) return false;
    const key = rankingKey({ quality: catalog.engine.quality(model, quant), published: publishedQualityOf(catalog, model, quant), quant }, ranking);
    return !better({ cost: round(perGpu * gpus, 2), key }, kept[kept.length - 1]!);
  };
  return {
    /** Whether a configuration, at its cheapest and with its ranking key, ranks after all of the best `limit` (ties keep search order). */
    outranked(c: ConfigCandidate): boolean {
      return outranks(c.model, c.quant, c.gpusPerReplica);
    },
    /** Whether every configuration of a model in a format does (on one GPU, its cheapest). */
    hopeless(model: ModelSpec, quant: QuantLevel): boolean {
      return outranks(model, quant, 1);
    },
    admit(a: Admission): void {
      const entry = { cost: round(a.choice.monthlyCost, 2), key: rankingKey({ quality: a.config.quality, published: a.published, quant: a.config.quant }, ranking) };
      let i = kept.length;
      while (i > 0 && better(entry, kept[i - 1]!)) i--;
      kept.splice(i, 0, entry);
      if (kept.length > limit) kept.pop();
    },
  };
}
