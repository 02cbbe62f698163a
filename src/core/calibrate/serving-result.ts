import type { CalibrationTool, LatencyStat, LoadMetric, Measurement, SkipReason } from "./measurement.js";
import { numberOf, positiveOf } from "./text.js";

/**
 * The serving backend a benchmark client's --backend names, in the planner's words; the name as given
 * for any other ("openai" speaks to any OpenAI-compatible server, so it names none).
 */
export function servingBackend(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const n = name.trim().toLowerCase();
  if (n === "vllm" || n === "vllm-chat") return "vllm";
  if (n === "sglang" || n === "sglang-native" || n === "sglang-oai" || n === "sglang-oai-chat") return "sglang";
  if (n === "tgi") return "tgi";
  if (n === "trt" || n === "tensorrt-llm" || n === "trtllm") return "tensorrt-llm";
  return name.trim();
}

/** A request rate as the tools write it: a number, or "inf" / Infinity (every request at once) as null. */
export function requestRateOf(value: unknown): number | null | undefined {
  if (typeof value === "string" && /^(inf|infinity)$/i.test(value.trim())) return null;
  return positiveOf(value);
}

/** A GPU as a run's metadata names it: "4xNVIDIA_L40S" is four of "NVIDIA L40S". */
function gpuOfMetadata(text: string): { gpu: string; gpuCount?: number } {
  const match = /^(\d+)\s*[x×*]\s*(.+)$/i.exec(text.trim());
  const name = (match ? match[2]! : text).replace(/_/g, " ").trim();
  return match ? { gpu: name, gpuCount: Number(match[1]) } : { gpu: name };
}

/** The fields of a saved result (vLLM's --save-result JSON, SGLang's --output-file JSON Lines). */
type Result = Record<string, unknown>;

/** One latency's statistics by the keys both tools write: mean_ttft_ms, median_ttft_ms, p99_ttft_ms. */
function statOf(r: Result, names: readonly string[]): LatencyStat {
  const pick = (prefix: string) => {
    for (const name of names) {
      const value = positiveOf(r[`${prefix}_${name}_ms`]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return { meanMs: pick("mean"), medianMs: pick("median"), p99Ms: pick("p99") };
}

/** Metadata keys that say how the served GPUs were split (a run's --metadata, as the user named them). */
const REPLICA_KEYS = ["replicas", "decode_replicas", "num_replicas"];

/**
 * One saved serving result as a measurement under load: the output throughput at its request rate or
 * concurrency limit, each request's mean prompt and output, and the latencies. The model is model_id
 * (vLLM) or model; the GPU only where the run's metadata names one ("gpu").
 */
export function servingMeasurement(tool: CalibrationTool, r: Result, record: number): Measurement | SkipReason {
  const completed = positiveOf(r.completed);
  if (completed === undefined) return "no_requests";
  const output = positiveOf(r.output_throughput);
  const totalIn = numberOf(r.total_input_tokens);
  const totalOut = positiveOf(r.total_output_tokens);
  if (output === undefined || totalIn === undefined || totalOut === undefined) return "incomplete";
  const duration = positiveOf(r.duration);
  const metric: LoadMetric = {
    kind: "load",
    outputTokensPerSecond: output,
    requestsPerSecond: positiveOf(r.request_throughput) ?? (duration === undefined ? undefined : completed / duration),
    maxConcurrency: positiveOf(r.max_concurrency),
    requestRate: requestRateOf(r.request_rate),
    promptTokens: totalIn / completed,
    outputTokens: totalOut / completed,
    requests: completed,
    ttft: statOf(r, ["ttft"]),
    tpot: statOf(r, ["tpot"]),
    itl: statOf(r, ["itl"]),
    e2e: statOf(r, ["e2el", "e2e_latency"]),
  };
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const gpu = text(r.gpu) === undefined ? {} : gpuOfMetadata(text(r.gpu)!);
  const replicas = REPLICA_KEYS.map((k) => positiveOf(r[k])).find((n) => n !== undefined);
  return {
    tool,
    record,
    model: { name: text(r.model_id) ?? text(r.model) ?? text(r.tokenizer_id) },
    backend: servingBackend(text(r.backend)),
    ...gpu,
    replicas,
    metric,
  };
}
