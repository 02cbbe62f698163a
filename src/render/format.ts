import type { Candidate } from "../core/search/candidate.js";
import type { Provenance } from "../core/search/provenance.js";

/** Where a throughput figure comes from, for a table's source column. */
export function throughputSource(t: Provenance["throughput"]): string {
  let source: string = t.source;
  if (t.source === "extrapolated") {
    const factor = t.roofline_ratio ?? t.bandwidth_factor;
    source = factor === undefined ? "extrapolated" : `extrapolated ×${factor.toFixed(2)}`;
  }
  return t.capped ? `${source}, capped` : source;
}

/** How a throughput figure was reached, in a few words. */
export function throughputBasis(t: Provenance["throughput"]): string {
  if (t.basis === "lookup") return t.measured_on ? `measured on ${t.measured_on}` : "lookup";
  if (t.basis === "roofline") return `roofline, ${t.coefficients ?? ""}${t.coefficients_source && t.coefficients_source !== "measured" ? ` ${t.coefficients_source}` : ""}`;
  return t.basis.replaceAll("_", " ");
}

/** A quality score and its tier; an unmeasured one says so. */
export function quality(c: Pick<Candidate, "quality" | "quality_tier">): string {
  return c.quality === null ? "unknown (never measured)" : `${c.quality.toFixed(3)} (${c.quality_tier})`;
}

/** A quality score for a narrow column. */
export function qualityCell(c: Pick<Candidate, "quality">): string {
  return c.quality === null ? "unknown" : c.quality.toFixed(3);
}

/** Where the VRAM goes, in one line. */
export function vramParts(c: Pick<Candidate, "vram_breakdown">): string {
  const b = c.vram_breakdown;
  return `weights ${b.weights_gb.toFixed(2)} + KV ${b.kv_cache_gb.toFixed(2)} + activations ${b.activations_gb.toFixed(2)} + overhead ${b.overhead_gb.toFixed(2)}`;
}
