import { lookupName, type Lookup } from "../catalog/names.js";
import type { Gpu } from "../catalog/types.js";

/**
 * Resolves a GPU name: an exact match of a name or alias ignoring case, spaces and punctuation; else the
 * single GPU whose name contains it; else ambiguous (several contain it) or unknown (with the closest names).
 */
export function lookupGpu(gpus: readonly Gpu[], query: string): Lookup<Gpu> {
  return lookupName(gpus, query, true);
}
