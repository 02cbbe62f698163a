import type { CalibrationTool, ParsedOutput } from "./measurement.js";
import { servingMeasurement } from "./serving-result.js";
import { jsonRecords, objectOf } from "./text.js";

/** Keys only SGLang's bench_serving writes (vLLM writes mean_e2el_ms and date). */
const SGLANG_KEYS = ["mean_e2e_latency_ms", "median_e2e_latency_ms", "total_output_tokens_retokenized"];

/** Which tool saved a serving result, from its keys. */
function toolOf(record: Record<string, unknown>): CalibrationTool {
  return SGLANG_KEYS.some((k) => k in record) ? "sglang-bench" : "vllm-bench";
}

/** Whether a text is a saved serving result (one JSON object, or one per line) of either tool. */
export function isServingJson(text: string): boolean {
  const start = text.trimStart();
  return start.startsWith("{") && /"output_throughput"\s*:/.test(text) && /"completed"\s*:/.test(text);
}

/**
 * Saved serving results: `vllm bench serve --save-result` (one JSON object per file; scripts that append
 * several runs make JSON Lines), or SGLang's `bench_serving --output-file` (a JSON line per run). One
 * measurement under load per run.
 */
export function parseServingJson(text: string): ParsedOutput {
  const json = jsonRecords(text);
  const records = (json?.records ?? []).map((r) => objectOf(r) ?? {});
  const tool = records.some((r) => toolOf(r) === "sglang-bench") ? "sglang-bench" : "vllm-bench";
  const output: ParsedOutput = { tool, format: json?.format ?? "json", measurements: [], skipped: [] };
  records.forEach((r, i) => {
    const line = json!.lines[i]!;
    const m = servingMeasurement(tool, r, line);
    if (typeof m === "string") output.skipped.push({ record: line, reason: m });
    else output.measurements.push(m);
  });
  return output;
}
