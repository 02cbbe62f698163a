import { normaliseName } from "../catalog/names.js";
import type { Gpu } from "../catalog/types.js";
import type { DetectedGpu } from "./detected-gpu.js";
import { familyMembers, statedVariants } from "./gpu-family.js";

/** A detected GPU against the database: the entry it is, several it could be, or none. */
export type GpuMatch = { kind: "matched"; gpu: Gpu } | { kind: "ambiguous"; gpus: Gpu[] } | { kind: "unmatched" };

/** How far a reported memory may be from the database's and still tell two variants apart (an "80GB" card reports 79.6). */
const MEMORY_TOLERANCE = 0.15;

/** Makers' words a tool puts before the name the database knows: "NVIDIA GeForce RTX 4090" is "GeForce RTX 4090". */
const MAKER_PREFIX = /^(?:nvidia|amd)\s+/i;

/** The names to try, most specific first: as reported, without the maker's word, then the others it reported. */
function namesOf(detected: DetectedGpu): string[] {
  const names = detected.name === null ? [] : [detected.name, detected.name.replace(MAKER_PREFIX, "")];
  return [...new Set([...names, ...detected.otherNames].filter((n) => n.trim() !== ""))];
}

/** Of several candidates, those with the reported GPU cores, when any states them (30- from 40-core M3 Max). */
function byCores(candidates: Gpu[], cores: number | null): Gpu[] {
  if (cores === null || candidates.length < 2) return candidates;
  const stated = candidates.filter((g) => statedVariants(g).has(`${cores}core`));
  return stated.length > 0 ? stated : candidates;
}

/** Of several candidates, those whose memory is nearest the reported one, within the tolerance (RTX 4060 Ti 8 or 16 GB). */
function byMemory(candidates: Gpu[], memoryGb: number | null): Gpu[] {
  if (memoryGb === null || candidates.length < 2) return candidates;
  const off = (g: Gpu) => Math.abs(g.memory_gb - memoryGb) / g.memory_gb;
  const near = candidates.filter((g) => off(g) <= MEMORY_TOLERANCE);
  if (near.length === 0) return candidates;
  const best = Math.min(...near.map(off));
  return near.filter((g) => off(g) === best);
}

/**
 * The database entry a tool's report names: a name or alias equal to a reported name (case, spaces and
 * punctuation aside, the maker's word too), or the members of the family it names that state the same
 * variants ("NVIDIA GeForce RTX 4060 Ti": the 8 and 16 GB cards); several are told apart by the reported
 * GPU cores, then memory. Never a part of a name: "Radeon RX 7900 XT" is not the XTX.
 */
export function matchDetectedGpu(gpus: readonly Gpu[], detected: DetectedGpu): GpuMatch {
  for (const name of namesOf(detected)) {
    const wanted = normaliseName(name);
    const exact = gpus.filter((g) => [g.name, ...g.aliases].some((n) => normaliseName(n) === wanted));
    const candidates = [...new Set([...exact, ...familyMembers(gpus, name)])];
    if (candidates.length === 0) continue;
    const narrowed = byMemory(byCores(candidates, detected.gpuCores), detected.memoryGb);
    return narrowed.length === 1 ? { kind: "matched", gpu: narrowed[0]! } : { kind: "ambiguous", gpus: narrowed };
  }
  return { kind: "unmatched" };
}
