import { gatesOf, type Gate } from "./rejection.js";
import { toCandidate, type Candidate } from "./candidate.js";
import { round } from "../round.js";
import { search } from "./search.js";
import { modelsForSize } from "../model/size-class.js";
import type { Catalog, Scenario } from "../catalog/types.js";

/** One GPU's plan within a cross-GPU search: its best candidate, if any, and how many survived. */
interface GpuPlan {
  gpu: string;
  costPerHour: number;
  best: Candidate | undefined;
  searched: number;
}

/** A plan over several GPUs: every survivor ranked together, and each GPU's own best. */
export interface AcrossPlan {
  requests: readonly Scenario[];
  /** Each GPU's best survivors (as many as asked), cheapest first (then higher quality); each names its GPU. */
  candidates: Candidate[];
  /** Each GPU's best plan, cheapest first; GPUs where nothing fits last. */
  perGpu: GpuPlan[];
  models: string[];
  substituted: boolean;
  /** The gates every configuration met, in order. */
  gates: Gate[];
}

/**
 * The same request on each GPU, ranked across them: each GPU's best `perGpuLimit` candidates, so the top
 * candidate is the cheapest of the per-GPU plans (ties: higher quality, then the GPU listed first).
 */
export function planAcross(catalog: Catalog, requests: readonly Scenario[], perGpuLimit = 1): AcrossPlan {
  const all: { candidate: Candidate; gpu: number; index: number }[] = [];
  const perGpu: GpuPlan[] = [];
  let substituted = false;
  requests.forEach((request, gpu) => {
    // Only each GPU's best few are shown: configurations that cannot rank among them are skipped.
    const result = search(catalog, request, perGpuLimit, { bound: true });
    substituted ||= result.substituted;
    const candidates = result.candidates.map((e) => toCandidate(e, request.gpu.name));
    candidates.forEach((candidate, index) => all.push({ candidate, gpu, index }));
    perGpu.push({
      gpu: request.gpu.name,
      costPerHour: request.gpu.usd_per_hour,
      best: candidates[0],
      searched: result.searched,
    });
  });
  const quality = (c: Candidate) => (c.quality === null ? -Infinity : c.quality);
  all.sort(
    (a, b) =>
      round(a.candidate.monthly_cost, 2) - round(b.candidate.monthly_cost, 2) ||
      (quality(b.candidate) === quality(a.candidate) ? 0 : quality(b.candidate) > quality(a.candidate) ? 1 : -1) ||
      a.gpu - b.gpu ||
      a.index - b.index,
  );
  const order = (p: GpuPlan) => (p.best ? p.best.monthly_cost : Infinity);
  return {
    requests,
    candidates: all.map((a) => a.candidate),
    perGpu: [...perGpu].sort((a, b) => (order(a) === order(b) ? 0 : order(a) - order(b))),
    models: requests[0] ? modelsForSize(catalog.models, requests[0].sizeClass).map((m) => m.name) : [],
    substituted,
    gates: gatesOf(catalog.engine.gatesContext, requests[0] ?? {}),
  };
}
