import type { Anchor, RooflineCoefficients, RooflineV1 } from "../schema/fitted-models.js";
import { ceilingTps, decodeStep, stepSeconds } from "./roofline.js";
import type { ThroughputPrediction } from "./throughput.js";
import type { Gpu, ModelSpec, QuantLevel } from "./types.js";
import type { KvDtype } from "./weights.js";

/** The roofline coefficients of a backend on a platform, falling back to those fitted over every platform. */
export function rooflineCoefficients(roofline: RooflineV1, backend: string, platform: string): { key: string; coefficients: RooflineCoefficients } {
  for (const key of [`${backend}|${platform}`, `${backend}|any`]) {
    const coefficients = roofline.coefficients[key];
    if (coefficients) return { key, coefficients };
  }
  throw new Error(`no roofline coefficients for ${backend} (a loaded coefficient file always has them)`);
}

/** The measured row for this (model, quant, backend): on this GPU if there is one, else the nearest in bandwidth. */
function findAnchor(anchors: readonly Anchor[], model: string, quant: string, backend: string, gpu: Gpu): Anchor | undefined {
  let best: Anchor | undefined;
  for (const a of anchors) {
    if (a.model !== model || a.quant !== quant || a.backend !== backend) continue;
    if (a.gpu === gpu.name) return a;
    const distance = (x: Anchor) => Math.abs(Math.log(x.bandwidth_gbps / gpu.bandwidth_gbps));
    if (!best || distance(a) < distance(best)) best = a;
  }
  return best;
}

/** What the decode speed is predicted for: the mean context over the response, and the KV cache's data type. */
export interface DecodeContext {
  contextTokens: number;
  kvDtype?: KvDtype | undefined;
}

/**
 * One request's decode speed by the memory roofline (see roofline.ts). A measured row of the same model,
 * quant and backend wins: on the GPU it was measured on it stands, corrected only for context; on another
 * GPU it is carried over by the ratio of the two roofline times (not by bandwidth alone, since the fixed
 * per-layer cost does not scale with it). Nothing exceeds the ceiling, bandwidth over the active weights.
 */
export function predictDecodeSpeed(
  model: ModelSpec,
  quant: QuantLevel,
  backend: string,
  gpu: Gpu,
  roofline: RooflineV1,
  context: DecodeContext,
): ThroughputPrediction {
  const { key, coefficients } = rooflineCoefficients(roofline, backend, gpu.platform);
  const step = decodeStep(model, quant, gpu, coefficients, context.contextTokens, context.kvDtype);
  const seconds = stepSeconds(step);
  const ceiling = ceilingTps(model, quant, gpu);
  const anchor = findAnchor(roofline.anchors, model.name, quant.name, backend, gpu);
  let tokensPerSecond = 1 / seconds;
  let extra: Partial<ThroughputPrediction> = {};
  if (anchor) {
    const anchored = rooflineCoefficients(roofline, backend, anchor.platform).coefficients;
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
