/** The benchmark tools whose output `calibrate` reads. */
export const CALIBRATION_TOOLS = ["llama-bench", "vllm-bench", "sglang-bench", "ollama", "genai-perf"] as const;

export type CalibrationTool = (typeof CALIBRATION_TOOLS)[number];

/** One latency statistic of a serving run, milliseconds; each absent where the tool did not report it. */
export interface LatencyStat {
  meanMs?: number | undefined;
  medianMs?: number | undefined;
  p99Ms?: number | undefined;
}

/** The model a row measured, as the file names it. */
export interface MeasuredModel {
  /** The name the file gives (a Hugging Face id, an Ollama tag, llama-bench's model_type); undefined when it names none. */
  name?: string | undefined;
  /** The model file (llama-bench's model_filename). */
  file?: string | undefined;
  /** Parameters, as the file states them. */
  params?: number | undefined;
  /** The model file's size, bytes. */
  sizeBytes?: number | undefined;
}

/** One request alone, decoding `outputTokens` after `depthTokens` of context: tokens per second. */
interface DecodeMetric {
  kind: "decode";
  tokensPerSecond: number;
  outputTokens: number;
  depthTokens: number;
}

/** A prompt of `promptTokens` processed after `depthTokens` already in the cache: tokens per second. */
interface PrefillMetric {
  kind: "prefill";
  tokensPerSecond: number;
  promptTokens: number;
  depthTokens: number;
}

/**
 * A serving run under load: the output tokens per second of the whole deployment, at a concurrency limit
 * or a request rate (null: unlimited, "inf"), with the per-request latencies and the mean prompt and
 * output of its requests.
 */
export interface LoadMetric {
  kind: "load";
  outputTokensPerSecond: number;
  requestsPerSecond?: number | undefined;
  /** The client's concurrency limit (max_concurrency), if it set one. */
  maxConcurrency?: number | undefined;
  /** The offered request rate; null for "inf" (every request at once), undefined when unstated. */
  requestRate?: number | null | undefined;
  promptTokens: number;
  outputTokens: number;
  requests?: number | undefined;
  ttft: LatencyStat;
  tpot: LatencyStat;
  itl: LatencyStat;
  e2e: LatencyStat;
}

export type Metric = DecodeMetric | PrefillMetric | LoadMetric;

/** One measured figure of a benchmark file, with what the file says about how it was taken. */
export interface Measurement {
  tool: CalibrationTool;
  /** Where in the file: a line, a row or a JSON record, counted from 1. */
  record: number;
  model: MeasuredModel;
  /** The weight format's name as the file gives it (llama-bench's "Q4_K - Medium", a GGUF file's "Q4_K_M"). */
  quant?: string | undefined;
  /** The serving backend the file names (vllm, sglang, ollama, llama.cpp), or the client's backend setting. */
  backend?: string | undefined;
  /** llama.cpp's device backend (CUDA, ROCm, Vulkan, Metal): shown, not planned on. */
  runtime?: string | undefined;
  /** The GPU as the file names it. */
  gpu?: string | undefined;
  /** GPUs the run used, where the file says ("4xNVIDIA_L40S", two devices listed). */
  gpuCount?: number | undefined;
  /** Replicas behind the benchmark's endpoint, where the file says. */
  replicas?: number | undefined;
  metric: Metric;
}

/** A benchmark file's measurements and the records it skipped (and why, as a kind). */
export interface ParsedOutput {
  tool: CalibrationTool;
  /** The output format within the tool: json, jsonl, csv, markdown, text. */
  format: string;
  measurements: Measurement[];
  skipped: { record: number; reason: SkipReason }[];
}

/** Why a record of a file gave no measurement. */
export type SkipReason =
  /** llama-bench's combined prompt-and-generation test (pp+tg): neither speed alone. */
  | "combined_test"
  /** A record without the figures a measurement needs (no throughput, no completed requests). */
  | "incomplete"
  /** A serving run in which no request completed. */
  | "no_requests"
  /** A llama-bench test with no layer on the GPU (-ngl 0): the CPU's speed. */
  | "not_on_gpu";
