/**
 * Rounds like Python's round(x, digits): to the nearest decimal, ties to even, judged on the exact
 * binary value. The reference's output went through Python's round, so the port's does too.
 */
export function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const magnitude = Math.abs(x);
  const scale = 10 ** digits;
  const scaled = magnitude * scale;
  const nearTie = Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6;
  // Away from a tie, plain rounding gives the nearest decimal (both sides are correctly rounded doubles).
  if (!nearTie && scaled < 2 ** 52) {
    const nearest = Math.round(scaled) / scale;
    return x < 0 ? -nearest : nearest;
  }
  let result = Number(magnitude.toFixed(digits)); // ties go away from zero
  // Only a value within a hair of a tie needs its exact decimal expansion (slow to produce).
  const exact = nearTie ? magnitude.toFixed(digits + 30) : "";
  if (nearTie && exact.endsWith("5" + "0".repeat(29))) {
    const truncated = exact.slice(0, exact.length - 30).replace(/\.$/, "");
    const lastDigit = Number(truncated.at(-1));
    if (lastDigit % 2 === 0) result = Number(truncated);
  }
  return x < 0 ? -result : result;
}
