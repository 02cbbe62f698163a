import type { VramBreakdown } from "../engines/engine.js";

/** A breakdown with `sequences` concurrent sequences: each further one adds its KV cache. */
export function withSequences(vram: VramBreakdown, kvPerSequenceGb: number, sequences: number): VramBreakdown {
  const extra = (sequences - 1) * kvPerSequenceGb;
  return { ...vram, kvCacheGb: vram.kvCacheGb + extra, totalGb: vram.totalGb + extra };
}
