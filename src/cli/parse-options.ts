import { InvalidArgumentError } from "commander";
import { MAX_TOKENS } from "../core/limits.js";
import { parseSizeClass } from "../core/model/size-class.js";
import type { SizeClass } from "../core/catalog/types.js";
import { LIMITS } from "../core/limits.js";

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^\+?\d+$/;

export { MAX_TOKENS };

/** Bounds of a number option; `min` is exclusive unless `minInclusive`. */
interface NumberBounds {
  min: number;
  minInclusive?: boolean;
  max?: number;
}

/** Describes the accepted range in words, for error messages. */
function describe(bounds: NumberBounds): string {
  const low = bounds.minInclusive ? `at least ${bounds.min}` : `greater than ${bounds.min}`;
  if (bounds.max === undefined) return low;
  return bounds.minInclusive ? `between ${bounds.min} and ${bounds.max}` : `${low} and at most ${bounds.max}`;
}

/** An argParser for a finite decimal number within bounds ("1e3" is fine, "0x10", "", "Infinity" are not). */
function numberParser(bounds: NumberBounds): (value: string) => number {
  return (value) => {
    const number = DECIMAL.test(value.trim()) ? Number(value) : NaN;
    const aboveMin = bounds.minInclusive ? number >= bounds.min : number > bounds.min;
    if (!Number.isFinite(number) || !aboveMin || (bounds.max !== undefined && number > bounds.max)) {
      throw new InvalidArgumentError(`Expected a number ${describe(bounds)}.`);
    }
    return number;
  };
}

/** An argParser for a whole number from 1 to `max`. */
export function positiveIntParser(max: number): (value: string) => number {
  return (value) => {
    const number = INTEGER.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < 1 || number > max) {
      throw new InvalidArgumentError(`Expected a whole number from 1 to ${max}.`);
    }
    return number;
  };
}

/** An argParser for a whole number from 0 to `max`. */
function countParser(max: number): (value: string) => number {
  return (value) => {
    const number = INTEGER.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number > max) throw new InvalidArgumentError(`Expected a whole number from 0 to ${max}.`);
    return number;
  };
}

/** An argParser for --tp: one of the GPU counts a replica may span, or (when `auto` is allowed) "auto". */
export function tensorParallelParser(auto: boolean): (value: string) => number | "auto" {
  return (value) => {
    const text = value.trim().toLowerCase();
    if (auto && text === "auto") return "auto";
    const n = INTEGER.test(text) ? Number(text) : NaN;
    if (![1, 2, 4, 8].includes(n)) throw new InvalidArgumentError(`Expected 1, 2, 4 or 8${auto ? ', or "auto"' : ""}.`);
    return n;
  };
}

/** argParser for --model-size: "all" or a parameter count such as 3b, 0.5B, 500m. */
export function sizeClassParser(value: string): SizeClass {
  const size = parseSizeClass(value);
  if (!size) throw new InvalidArgumentError('Expected a size class such as 0.5b, 3b, 8B, 500m, or "all".');
  return size;
}

/** --request-rate: requests per second, > 0 (a million a second is beyond any deployment planned here). */
export const parseRequestRate = numberParser({ min: 0, max: 1e6 });
/** --latency-slo: milliseconds, > 0, at most a day. */
export const parseLatencySlo = numberParser({ min: 0, max: 86_400_000 });
/** --quality-target: a score in [0, 1]. */
export const parseQualityTarget = numberParser({ min: 0, minInclusive: true, max: 1 });
/** --budget: dollars per month, ≥ 0. */
export const parseBudget = numberParser({ min: 0, minInclusive: true, max: 1e12 });
/** --context-length and --avg-tokens: tokens. */
export const parseTokens = positiveIntParser(MAX_TOKENS);
/** --prompt-tokens: input tokens per request, 0 or more. */
export const parsePromptTokens = countParser(MAX_TOKENS);
/** --ttft-slo: milliseconds, > 0, at most a day. */
export const parseTtftSlo = numberParser({ min: 0, max: 86_400_000 });
/** --max-gpus: the most GPUs a plan bills. */
export const parseMaxGpus = positiveIntParser(256);
/** --gpu-memory: GB, > 0. */
export const parseGpuMemory = numberParser({ min: 0, max: LIMITS.memoryGb });
/** --gpu-bandwidth: GB/s, > 0. */
export const parseGpuBandwidth = numberParser({ min: 0, max: LIMITS.bandwidthGbps });
/** --gpu-tflops: dense FP16 TFLOPS, > 0. */
export const parseGpuTflops = numberParser({ min: 0, max: LIMITS.tflops });
/** --gpu-price: dollars per GPU-hour, ≥ 0. */
export const parseGpuPrice = numberParser({ min: 0, minInclusive: true, max: LIMITS.usdPerHour });
/** --params-b: parameters in billions, > 0. */
export const parseParamsB = numberParser({ min: 0, max: LIMITS.paramsB });
/** --n-layers, --n-kv-heads, --head-dim, --hidden-size: whole numbers. */
export const parseShape = positiveIntParser(LIMITS.width);
/** --context-window: tokens. */
export const parseContextWindow = positiveIntParser(LIMITS.contextTokens);
