import { lookupName, type Lookup } from "../catalog/names.js";
import type { Gpu } from "../catalog/types.js";
import { familyMembers } from "./gpu-family.js";

/**
 * Resolves a GPU name: an exact match of a name or alias ignoring case, spaces and punctuation, unless it
 * is a family name several GPUs share ("H100": the SXM, PCIe and NVL cards); else the single GPU whose
 * name contains it; else ambiguous (several match, all listed) or unknown (with the closest names, the
 * nearest model numbers first).
 */
export function lookupGpu(gpus: readonly Gpu[], query: string): Lookup<Gpu> {
  const found = lookupName(gpus, query, true, "digits");
  if (found.kind !== "found") return found;
  const family = familyMembers(gpus, query);
  return family.length > 1 || (family.length === 1 && family[0] !== found.item) ? { kind: "ambiguous", matches: [...new Set([found.item, ...family])] } : found;
}
