import { GATES, type Gate, type Rejection } from "./rejection.js";

/** How many (model, quant, backend) configurations each gate removed. */
export function tallyGates(rejected: readonly Rejection[]): Record<Gate, number> {
  const tally = Object.fromEntries(GATES.map((g) => [g, 0])) as Record<Gate, number>;
  for (const r of rejected) tally[r.gate]++;
  return tally;
}
