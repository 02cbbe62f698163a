import { lookupName, type Lookup } from "../catalog/names.js";
import type { Gpu } from "../catalog/types.js";

/**
 * What tells apart variants of one GPU: its memory ("80GB", "8 GB"), its GPU cores ("40-core GPU"), its
 * form factor or memory kind ("SXM5", "PCIe", "NVL", "HBM3"). Matched on a name in lower case with
 * punctuation as spaces.
 */
const VARIANT = /\b(\d+) ?(gb)\b|\b(\d+) (core) gpu\b|\b(sxm\d?|pcie|nvl|hbm\d?e?)\b/g;

/** Words that only say who made it, or a CPU's core count beside the GPU's: no part of a family's name. */
const NOISE = /\b(?:nvidia|geforce|amd|apple|tesla|instinct)\b|\b\d+ core cpu\b/g;

/** A name's family and the variant words it states: "H100 SXM 80GB" is family "h100" with variants sxm and 80gb. */
function familyOf(name: string): { family: string; variants: string[] } {
  const text = name.toLowerCase().replace(/[^a-z0-9]+/g, " ");
  const variants: string[] = [];
  const rest = text.replace(NOISE, " ").replace(VARIANT, (...m: unknown[]) => {
    variants.push((m.slice(1, 6) as (string | undefined)[]).filter((p) => p !== undefined).join(""));
    return " ";
  });
  return { family: rest.replace(/[^a-z0-9]/g, ""), variants };
}

/**
 * The GPUs a name found exactly may mean: every GPU of its family (by the GPU's own name) that has each
 * variant the name states. A bare family name several GPUs share ("H100": SXM, PCIe and NVL) is
 * ambiguous; one that states what tells them apart ("H100 SXM", "H100 80GB HBM3") is not.
 */
function sameFamily(gpus: readonly Gpu[], query: string, found: Gpu): Gpu[] {
  const wanted = familyOf(query);
  const members = gpus.filter((g) => {
    if (g === found) return true;
    if (familyOf(g.name).family !== wanted.family) return false;
    const stated = new Set([g.name, ...g.aliases].flatMap((n) => familyOf(n).variants));
    return wanted.variants.every((v) => stated.has(v));
  });
  return members.length > 0 ? members : [found];
}

/**
 * Resolves a GPU name: an exact match of a name or alias ignoring case, spaces and punctuation, unless it
 * is a family name several GPUs share; else the single GPU whose name contains it; else ambiguous
 * (several match, all listed) or unknown (with the closest names, the nearest model numbers first).
 */
export function lookupGpu(gpus: readonly Gpu[], query: string): Lookup<Gpu> {
  const found = lookupName(gpus, query, true, "digits");
  if (found.kind !== "found") return found;
  const family = sameFamily(gpus, query, found.item);
  return family.length > 1 ? { kind: "ambiguous", matches: family } : found;
}
