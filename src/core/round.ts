/**
 * Rounds like Python's round(x, digits): to the nearest decimal, ties to even, judged on the exact
 * binary value. The reference's output went through Python's round, so the port's does too.
 */
export function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const magnitude = Math.abs(x);
  const nearest = magnitude.toFixed(digits); // ties go away from zero
  const exact = magnitude.toFixed(digits + 30); // a double's tie ends within a few digits of `digits`
  let result = Number(nearest);
  if (exact.endsWith("5" + "0".repeat(29))) {
    const truncated = exact.slice(0, exact.length - 30);
    const lastDigit = Number(truncated.at(-1));
    if (lastDigit % 2 === 0) result = Number(truncated);
  }
  return x < 0 ? -result : result;
}
