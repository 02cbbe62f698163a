import type { FittedModels } from "../catalog/types.js";
import { own } from "../own.js";

/** A serial fraction and whether it was fitted for this (model, backend) or is the backend default. */
export interface SerialFraction {
  value: number;
  source: "measured" | "estimated";
}

/** The serial fraction s for a (model, backend): the fitted one, else the backend default. */
export function serialFraction(model: string, backend: string, coeffs: FittedModels["scaling"]): SerialFraction {
  const fitted = own(coeffs.serial_fractions, `${model}|${backend}`);
  if (fitted !== undefined) return { value: fitted, source: "measured" };
  return { value: own(coeffs.defaults, backend) ?? 0, source: "estimated" };
}

/**
 * TR133 model 3 as the reference computes it: per-agent efficiency η(N) = 1 / (s + (1 − s) × N), η(1) = 1.
 * (Textbook Amdahl, which TR129 fitted, is 1 / (s × N + 1 − s); the reference swaps s and 1 − s.)
 */
export function referenceEta(serial: number, n: number): number {
  if (n === 1) return 1;
  return 1 / (serial + (1 - serial) * n);
}
