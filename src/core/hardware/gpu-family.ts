import type { Gpu } from "../catalog/types.js";

/**
 * What tells apart variants of one GPU: its memory ("80GB", "8 GB"), its GPU cores ("40-core GPU"), its
 * form factor or memory kind ("SXM5", "PCIe", "NVL", "HBM3"). Matched on a name in lower case with
 * punctuation as spaces.
 */
const VARIANT = /\b(\d+) ?(gb)\b|\b(\d+) (core) gpu\b|\b(sxm\d?|pcie|nvl|hbm\d?e?)\b/g;

/** Words that only say who made it, or a CPU's core count beside the GPU's: no part of a family's name. */
const NOISE = /\b(?:nvidia|geforce|amd|apple|tesla|instinct)\b|\b\d+ core cpu\b/g;

/** Family and variants by name: a name's never change, and a plan asks of every GPU's each time it resolves one. */
const families = new Map<string, { family: string; variants: readonly string[] }>();

/** A name's family and the variant words it states: "H100 SXM 80GB" is family "h100" with variants sxm and 80gb. */
function familyOf(name: string): { family: string; variants: readonly string[] } {
  let known = families.get(name);
  if (known === undefined) {
    known = parseFamily(name);
    families.set(name, known);
  }
  return known;
}

/** familyOf, worked out. */
function parseFamily(name: string): { family: string; variants: string[] } {
  const text = name.toLowerCase().replace(/[^a-z0-9]+/g, " ");
  const variants: string[] = [];
  const rest = text.replace(NOISE, " ").replace(VARIANT, (...m: unknown[]) => {
    variants.push((m.slice(1, 6) as (string | undefined)[]).filter((p) => p !== undefined).join(""));
    return " ";
  });
  return { family: rest.replace(/[^a-z0-9]/g, ""), variants };
}

/** The variant words a GPU's name and aliases state ("80gb", "sxm5", "40core"). */
export function statedVariants(gpu: Gpu): Set<string> {
  return new Set([gpu.name, ...gpu.aliases].flatMap((n) => familyOf(n).variants));
}

/**
 * The GPUs of the family a name names (by each GPU's own name, makers' words aside) that state every
 * variant the name states: "H100" is the SXM, PCIe and NVL cards, "H100 80GB" the SXM and PCIe ones,
 * "H100 80GB HBM3" the SXM alone. Empty when the name is no GPU's family.
 */
export function familyMembers(gpus: readonly Gpu[], name: string): Gpu[] {
  const wanted = familyOf(name);
  if (wanted.family === "") return [];
  return gpus.filter((g) => {
    if (familyOf(g.name).family !== wanted.family) return false;
    const stated = statedVariants(g);
    return wanted.variants.every((v) => stated.has(v));
  });
}
