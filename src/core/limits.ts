/** The longest context or output length accepted: 2^20 tokens, well past any model in the registry. */
export const MAX_TOKENS = 1_048_576;

/** The most GPUs the search will bill for one configuration. */
export const MAX_GPUS_BILLED = 16;

/** Upper bounds that keep every figure physical: no model, GPU or price beyond these exists. */
export const LIMITS = {
  paramsB: 100_000,
  layers: 10_000,
  width: 1_000_000,
  contextTokens: 100_000_000,
  memoryGb: 100_000,
  bandwidthGbps: 1_000_000,
  tflops: 1_000_000,
  usdPerHour: 10_000,
  /** A GPU's purchase price, dollars. */
  purchaseUsd: 10_000_000,
  boardPowerW: 10_000,
  /** A GPU's boost (Apple: GPU; AMD Instinct: peak engine) clock, MHz: every GPU runs between these. */
  boostClockMhz: { min: 200, max: 4000 },
  /** KV cache elements per token over every layer: the largest models hold about 10⁶ (Llama 3.1 405B: 126 layers × 2 × 8 × 128). */
  kvElementsPerToken: 1e9,
} as const;
