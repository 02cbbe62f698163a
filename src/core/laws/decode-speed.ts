import type { Anchor, RooflineCoefficients, RooflineV1 } from "../../schema/fitted-models.js";
import { ceilingTps, decodeStep, stepSeconds } from "./roofline.js";
import type { ThroughputPrediction } from "./reference-throughput.js";
import type { Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import type { KvDtype } from "../model/weights.js";
import { concurrentReaders, splitStep, type Parallelism } from "./parallel.js";
import { own } from "../own.js";

/** The roofline section, indexed once: coefficients by "backend|platform", measured rows by configuration. */
export interface Roofline {
  coefficients(backend: string, platform: string): { key: string; coefficients: RooflineCoefficients };
  anchors(model: string, quant: string, backend: string): readonly Anchor[];
}

/** Indexes a roofline section for the many look-ups a search makes. */
export function indexRoofline(section: RooflineV1): Roofline {
  const byConfig = new Map<string, Anchor[]>();
  for (const a of section.anchors) {
    const key = `${a.model}|${a.quant}|${a.backend}`;
    byConfig.set(key, [...(byConfig.get(key) ?? []), a]);
  }
  const resolved = new Map<string, { key: string; coefficients: RooflineCoefficients }>();
  return {
    coefficients(backend, platform) {
      const wanted = `${backend}|${platform}`;
      let found = resolved.get(wanted);
      if (!found) {
        const key = own(section.coefficients, wanted) ? wanted : `${backend}|any`;
        const coefficients = own(section.coefficients, key);
        if (!coefficients) throw new Error(`no roofline coefficients for ${backend} (a loaded coefficient file always has them)`);
        found = { key, coefficients };
        resolved.set(wanted, found);
      }
      return found;
    },
    anchors: (model, quant, backend) => byConfig.get(`${model}|${quant}|${backend}`) ?? [],
  };
}

/** The measured row for this configuration: on this GPU if there is one, else the nearest in bandwidth. */
function findAnchor(anchors: readonly Anchor[], gpu: Gpu): Anchor | undefined {
  let best: Anchor | undefined;
  let bestDistance = Infinity;
  for (const a of anchors) {
    if (a.gpu === gpu.name) return a;
    const distance = Math.abs(Math.log(a.bandwidth_gbps / gpu.bandwidth_gbps));
    if (distance < bestDistance) {
      best = a;
      bestDistance = distance;
    }
  }
  return best;
}

/** What the decode speed is predicted for: the mean context over the response, the KV cache's data type, and the GPUs of one replica. */
export interface DecodeContext {
  contextTokens: number;
  kvDtype?: KvDtype | undefined;
  /** Several GPUs per replica, and the seconds a step spends joining them (parallel.ts); absent: one GPU. */
  parallel?: { p: Parallelism; joinS: number } | undefined;
}

/**
 * One request's decode speed by the memory roofline (see roofline.ts). A measured row of the same model,
 * quant and backend wins: on the GPU it was measured on it stands, corrected only for context; on another
 * GPU it is carried over by the ratio of the two roofline times (not by bandwidth alone, since the fixed
 * per-layer cost does not scale with it). Measured rows are of one GPU; on a replica of several the same
 * ratio carries them (the split step includes the joins). Nothing exceeds the ceiling, the bandwidth of
 * the GPUs reading at once over the active weights.
 */
export function predictDecodeSpeed(
  model: ModelSpec,
  quant: QuantLevel,
  backend: string,
  gpu: Gpu,
  roofline: Roofline,
  context: DecodeContext,
): ThroughputPrediction {
  const { key, coefficients } = roofline.coefficients(backend, gpu.platform);
  const alone = decodeStep(model, quant, gpu, coefficients, context.contextTokens, context.kvDtype);
  const parallel = context.parallel;
  const step = parallel ? splitStep(alone, model, parallel.p, parallel.joinS) : alone;
  const seconds = stepSeconds(step);
  const ceiling = ceilingTps(model, quant, gpu, parallel ? concurrentReaders(parallel.p) : 1);
  const anchor = findAnchor(roofline.anchors(model.name, quant.name, backend), gpu);
  let tokensPerSecond = 1 / seconds;
  let extra: Partial<ThroughputPrediction> = {};
  if (anchor) {
    const anchored = roofline.coefficients(backend, anchor.platform).coefficients;
    const measuredStep = decodeStep(model, quant, { bandwidth_gbps: anchor.bandwidth_gbps }, anchored, anchor.context_tokens);
    const ratio = stepSeconds(measuredStep) / seconds;
    tokensPerSecond = anchor.tokens_per_second * ratio;
    extra = { rooflineRatio: ratio, measuredOn: anchor.gpu };
  }
  const capped = tokensPerSecond > ceiling;
  const final = Math.min(tokensPerSecond, ceiling);
  const source = !anchor ? "estimated" : anchor.gpu === gpu.name ? "measured" : "extrapolated";
  return {
    tokensPerSecond: final,
    source,
    basis: anchor ? "lookup" : "roofline",
    ...extra,
    coefficients: { key, source: coefficients.source },
    ceilingTps: ceiling,
    capped,
    // A measured (or capped) speed rescales the step, so batching splits what is predicted, not the estimate.
    step: final === 1 / seconds ? step : scaleStep(step, seconds, 1 / final),
  };
}

/** A step's parts scaled so they sum to `target` seconds. */
function scaleStep(step: ReturnType<typeof decodeStep>, seconds: number, target: number) {
  const k = target / seconds;
  return { fixedS: step.fixedS * k, weightsS: step.weightsS * k, kvS: step.kvS * k };
}
