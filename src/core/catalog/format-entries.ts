import type { BackendSpec, QuantLevel } from "./types.js";

/** One weight format as `list-models --formats` prints it. */
export interface FormatEntry {
  name: string;
  /** Bits per weight as stored, scales included. */
  bits_per_weight: number;
  /** The file format: fp16, fp8, gguf, awq, gptq. */
  format: QuantLevel["format"];
  /** The kernel family that reads it. */
  kernel: QuantLevel["kernel"];
  /** Whether the embedding and output head stay at 16 bits. */
  embeddings_16bit: boolean;
  /** The backends that serve its format (on some GPU). */
  served_by: string[];
  source: string | null;
}

/** The weight formats, highest precision first, with the backends that serve each. */
export function formatEntries(quants: readonly QuantLevel[], backends: readonly BackendSpec[]): FormatEntry[] {
  return quants.map((q) => ({
    name: q.name,
    bits_per_weight: q.bits_per_weight,
    format: q.format,
    kernel: q.kernel,
    embeddings_16bit: q.embeddings_16bit,
    served_by: backends.filter((b) => b.formats === undefined || b.formats.includes(q.format)).map((b) => b.name),
    source: q.source ?? null,
  }));
}
