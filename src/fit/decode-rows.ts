import { meanDecodeContext } from "../core/laws/roofline.js";
import type { ModelSpec, QuantLevel } from "../core/catalog/types.js";
import type { DecodeMeasurements } from "../schema/measurements.js";
import type { DecodeRow } from "./fit-roofline.js";
import { resolveRow } from "./resolve-row.js";

/**
 * The single-GPU decode measurements marked used_in_fit, resolved against the registry (or the measured
 * models' configs): the rows the roofline is fitted on. An unknown model or quant is an error naming the row.
 */
export function decodeRows(
  decode: DecodeMeasurements,
  world: { models: readonly ModelSpec[]; quants: readonly QuantLevel[] },
  measuredModels: readonly ModelSpec[],
): DecodeRow[] {
  return decode.points.flatMap((p, i) => {
    if (!p.used_in_fit || p.n_gpus > 1) return [];
    const { model, quant } = resolveRow("data/measurements/decode.json", i, p, { ...world, measuredModels });
    return [
      {
        model,
        quant,
        backend: p.backend,
        gpu: p.gpu,
        platform: p.platform,
        bandwidthGbps: p.bandwidth_gbps,
        contextTokens: meanDecodeContext(p.prompt_tokens, p.output_tokens),
        tokensPerSecond: p.tokens_per_second,
        registry: world.models.includes(model),
        source: `data/measurements/decode.json points.${i}`,
      },
    ];
  });
}
