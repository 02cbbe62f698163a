import { configurations } from "./configuration.js";
import { evaluate, type Evaluation } from "./evaluation.js";
import { judge } from "./gates.js";
import { maxGpus } from "./workload.js";
import { rank, type Admission } from "./ranking.js";
import { rejectionReason, type Rejection } from "./rejection.js";
import { formatSizeClass, selectModels } from "./size-class.js";
import type { Catalog, PlanRequest } from "./types.js";

/** The search's answer: survivors ranked cheapest first, and what each gate turned away. */
export interface SearchResult {
  /** The best `limit` survivors, evaluated in full (latency, cost, warnings, provenance). */
  candidates: Evaluation[];
  /** How many configurations passed every gate. */
  passed: number;
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
export function search(catalog: Catalog, request: PlanRequest, limit = Infinity): SearchResult {
  const admitted: Admission[] = [];
  const rejected: Rejection[] = [];
  let searched = 0;
  const selection = selectModels(catalog.models, request.sizeClass);
  for (const config of configurations(catalog, request, selection.models)) {
    searched++;
    const verdict = judge(catalog, request, config);
    if (verdict.kind === "admitted") {
      admitted.push(verdict);
      continue;
    }
    const { gate, value, limit: bound, sizing } = verdict;
    rejected.push({
      model: config.model.name,
      quant: config.quant.name,
      backend: config.backend,
      tensor_parallel: config.parallelism.gpus,
      gate,
      value,
      limit: bound,
      ...(sizing ? { replicas: sizing.replicas, concurrency: sizing.concurrency } : {}),
      reason: rejectionReason(gate, value, bound, sizing?.gpus, maxGpus(request)),
    });
  }
  const candidates = rank(admitted)
    .slice(0, limit)
    .map((a) => evaluate(catalog, request, a.config, a.choice.sizing));
  if (selection.substituted) {
    for (const c of candidates) {
      c.warnings.push({
        code: "size_class_substituted",
        message: `no model within 50% of ${formatSizeClass(request.sizeClass)}: ${c.model.name} (${c.model.params_b.toFixed(2)}B) is the closest`,
      });
    }
  }
  return { candidates, passed: admitted.length, rejected, searched, substituted: selection.substituted };
}
