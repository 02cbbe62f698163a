/**
 * TR133 model 5: monthly cost of one GPU running 24/7. Multiplied as the reference does
 * ($/h × 24 × 30), so budget comparisons agree with it to the last bit.
 */
export function monthlyCost(costPerHour: number): number {
  return costPerHour * 24 * 30;
}

/** Dollars per million output tokens at `tokensPerSecond` on a GPU costing `costPerHour`. */
export function costPerMillionTokens(costPerHour: number, tokensPerSecond: number): number {
  return (costPerHour / (tokensPerSecond * 3600)) * 1_000_000;
}
