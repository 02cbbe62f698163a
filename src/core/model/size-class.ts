import type { ModelSpec, SizeClass } from "../catalog/types.js";

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
const SIZE_TOLERANCE = 0.5;

/**
 * The parameter counts a size class weighs, billions, both ends excluded (a model of exactly 4B is not
 * within 50% of 8B); undefined for "all" or named models.
 */
export function sizeRange(size: SizeClass): [number, number] | undefined {
  if (size.kind !== "params") return undefined;
  return [size.billions * (1 - SIZE_TOLERANCE), size.billions * (1 + SIZE_TOLERANCE)];
}

/** The models a size class asks for, and whether none was within it so the closest stands in. */
export interface SizeSelection {
  models: ModelSpec[];
  /** No model was within the class: `models` is the closest one instead. */
  substituted: boolean;
}

/**
 * The models a size class asks for, in registry order: all of them, the named ones, those whose parameter
 * count is within 50% of the class, or (if none is) the single closest one, flagged as a substitute.
 */
export function selectModels(models: readonly ModelSpec[], size: SizeClass): SizeSelection {
  if (size.kind === "all") return { models: [...models], substituted: false };
  if (size.kind === "models") return { models: [...size.models], substituted: false };
  const target = size.billions;
  const near = models.filter((m) => Math.abs(m.params_b - target) / target < SIZE_TOLERANCE);
  if (near.length > 0) return { models: near, substituted: false };
  let closest: ModelSpec | undefined;
  for (const m of models) {
    if (closest === undefined || Math.abs(m.params_b - target) < Math.abs(closest.params_b - target)) closest = m;
  }
  return { models: closest ? [closest] : [], substituted: closest !== undefined };
}

/** The models a size class asks for (see selectModels). */
export function modelsForSize(models: readonly ModelSpec[], size: SizeClass): ModelSpec[] {
  return selectModels(models, size).models;
}

/** The text form of a size class, as a user would type it. */
export function formatSizeClass(size: SizeClass): string {
  if (size.kind === "models") return size.models.map((m) => m.name).join(", ");
  return size.kind === "all" ? "all" : `${size.billions}b`;
}
