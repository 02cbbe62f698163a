import type { Gpu } from "./types.js";

/** The outcome of looking a GPU name up: the GPU, or why not with the names worth suggesting. */
export type GpuLookup =
  | { kind: "found"; gpu: Gpu }
  | { kind: "ambiguous"; matches: Gpu[] }
  | { kind: "unknown"; closest: Gpu[] };

/** Lower case with everything but letters and digits removed: "H_100 80GB" and "h100 80gb" agree. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Levenshtein distance between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** How many close names an unknown GPU's error lists. */
const SUGGESTIONS = 3;

/**
 * Resolves a GPU name: an exact match ignoring case, spaces and punctuation; else the single GPU whose
 * name contains it; else ambiguous (several contain it) or unknown (with the closest names).
 */
export function lookupGpu(gpus: readonly Gpu[], query: string): GpuLookup {
  const wanted = normalise(query);
  const exact = gpus.find((g) => normalise(g.name) === wanted);
  if (exact) return { kind: "found", gpu: exact };
  const partial = wanted.length > 0 ? gpus.filter((g) => normalise(g.name).includes(wanted)) : [];
  if (partial.length === 1 && partial[0]) return { kind: "found", gpu: partial[0] };
  if (partial.length > 1) return { kind: "ambiguous", matches: partial };
  // A typed name usually lacks the memory suffix ("RTX 5090"), so compare with the name's same-length prefix first.
  const ranked = gpus
    .map((gpu, index) => {
      const full = normalise(gpu.name);
      return { gpu, index, prefix: editDistance(wanted, full.slice(0, wanted.length)), distance: editDistance(wanted, full) };
    })
    .sort((a, b) => a.prefix - b.prefix || a.distance - b.distance || a.index - b.index);
  return { kind: "unknown", closest: ranked.slice(0, SUGGESTIONS).map((r) => r.gpu) };
}
