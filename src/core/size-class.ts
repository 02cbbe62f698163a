import type { ModelSpec, SizeClass } from "./types.js";

const SIZE_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*([bm]?)$/i;

/**
 * Parses a size class: "all", or a parameter count like "3b", "0.5B", "500m" or "8". Returns undefined
 * for anything else (the reference silently planned every model for "banana"; the port refuses).
 */
export function parseSizeClass(text: string): SizeClass | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === "all") return { kind: "all" };
  const match = SIZE_PATTERN.exec(trimmed);
  if (!match) return undefined;
  const value = Number(match[1]) / (match[2]?.toLowerCase() === "m" ? 1000 : 1);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return { kind: "params", billions: value };
}

/** The tolerance of a size class: models within 50% of the requested parameter count. */
export const SIZE_TOLERANCE = 0.5;

/**
 * The models a size class asks for, in registry order: all of them, those whose parameter count is
 * within 50% of the class, or (if none is) the single closest one.
 */
export function modelsForSize(models: readonly ModelSpec[], size: SizeClass): ModelSpec[] {
  if (size.kind === "all") return [...models];
  const target = size.billions;
  const near = models.filter((m) => Math.abs(m.params_b - target) / target < SIZE_TOLERANCE);
  if (near.length > 0) return near;
  let closest: ModelSpec | undefined;
  for (const m of models) {
    if (closest === undefined || Math.abs(m.params_b - target) < Math.abs(closest.params_b - target)) closest = m;
  }
  return closest ? [closest] : [];
}

/** The text form of a size class, as a user would type it. */
export function formatSizeClass(size: SizeClass): string {
  return size.kind === "all" ? "all" : `${size.billions}b`;
}
