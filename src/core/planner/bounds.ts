import { LIMITS, MAX_TOKENS } from "../limits.js";

/** The accepted range of one numeric request field; `min` is exclusive unless `minInclusive`. */
export interface Bounds {
  min: number;
  minInclusive?: boolean;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}

/**
 * Every numeric field a request takes, with its range: the one table the library's zod schemas and the
 * command line's flag parsers are both built from, so the two never disagree.
 */
export const BOUNDS = {
  requestRate: { min: 0, max: 1e6 },
  latencySloMs: { min: 0, max: 86_400_000 },
  ttftSloMs: { min: 0, max: 86_400_000 },
  tpotSloMs: { min: 0, max: 86_400_000 },
  qualityTarget: { min: 0, minInclusive: true, max: 1 },
  publishedQualityTarget: { min: 0, minInclusive: true, max: 1 },
  budgetUsdPerMonth: { min: 0, minInclusive: true, max: 1e12 },
  contextLength: { min: 1, minInclusive: true, max: MAX_TOKENS, integer: true },
  outputTokens: { min: 1, minInclusive: true, max: MAX_TOKENS, integer: true },
  promptTokens: { min: 0, minInclusive: true, max: MAX_TOKENS, integer: true },
  maxGpus: { min: 1, minInclusive: true, max: 256, integer: true },
  replicas: { min: 1, minInclusive: true, max: 1024, integer: true },
  concurrency: { min: 1, minInclusive: true, max: 4096, integer: true },
  limit: { min: 1, minInclusive: true, max: 100_000, integer: true },
  simulateTop: { min: 0, minInclusive: true, max: 100, integer: true },
  seed: { min: 0, minInclusive: true, max: 2 ** 32 - 1, integer: true },
  arrivalS: { min: 0, minInclusive: true, max: 1e9 },
  traceRequests: { min: 1, minInclusive: true, max: 100_000, integer: true },
  memoryGb: { min: 0, max: LIMITS.memoryGb },
  bandwidthGbps: { min: 0, max: LIMITS.bandwidthGbps },
  fp16Tflops: { min: 0, max: LIMITS.tflops },
  usdPerHour: { min: 0, minInclusive: true, max: LIMITS.usdPerHour },
  ownedYears: { min: 0, max: 50 },
  electricityUsdPerKwh: { min: 0, minInclusive: true, max: 100 },
  prefixCacheHitRate: { min: 0, minInclusive: true, max: 1 },
  sharedPrefixTokens: { min: 0, minInclusive: true, max: MAX_TOKENS, integer: true },
  reasoningTokens: { min: 0, minInclusive: true, max: MAX_TOKENS, integer: true },
  acceptanceRate: { min: 0, minInclusive: true, max: 1 },
  speculativeTokens: { min: 1, minInclusive: true, max: 16, integer: true },
  paramsB: { min: 0, max: LIMITS.paramsB },
  layers: { min: 1, minInclusive: true, max: LIMITS.layers, integer: true },
  width: { min: 1, minInclusive: true, max: LIMITS.width, integer: true },
  contextWindow: { min: 1, minInclusive: true, max: LIMITS.contextTokens, integer: true },
  /** A launch's first port (not a request field: launch options take it). */
  basePort: { min: 1, minInclusive: true, max: 65_535, integer: true },
} as const satisfies Record<string, Bounds>;

export type BoundedField = keyof typeof BOUNDS;

/** The range in words: "a number greater than 0 and at most 1000000", "a whole number from 1 to 256". */
export function describeBounds(bounds: Bounds): string {
  if (bounds.integer) return `a whole number from ${bounds.min} to ${bounds.max}`;
  if (bounds.minInclusive) return `a number between ${bounds.min} and ${bounds.max}`;
  return `a number greater than ${bounds.min} and at most ${bounds.max}`;
}

/** Whether `value` is a finite number within `bounds`. */
export function withinBounds(value: number, bounds: Bounds): boolean {
  if (!Number.isFinite(value)) return false;
  if (bounds.integer && !Number.isSafeInteger(value)) return false;
  const aboveMin = bounds.minInclusive ? value >= bounds.min : value > bounds.min;
  return aboveMin && value <= bounds.max;
}
