import { parseGenaiPerf, isGenaiPerfCsv } from "./genai-perf.js";
import { isLlamaBench, parseLlamaBench } from "./llama-bench.js";
import type { ParsedOutput } from "./measurement.js";
import { isOllamaVerbose, parseOllamaVerbose } from "./ollama-verbose.js";
import { isServingJson, parseServingJson } from "./serving-json.js";
import { isServingSummary, parseServingSummary } from "./serving-summary.js";

/** Each format `calibrate` reads: how to recognise it, and its parser. */
const FORMATS: readonly { is: (text: string) => boolean; parse: (text: string) => ParsedOutput }[] = [
  { is: isLlamaBench, parse: parseLlamaBench },
  { is: isServingJson, parse: parseServingJson },
  { is: isServingSummary, parse: parseServingSummary },
  { is: isGenaiPerfCsv, parse: parseGenaiPerf },
  { is: isOllamaVerbose, parse: parseOllamaVerbose },
];

/**
 * A benchmark tool's output, recognised by its content: llama-bench (JSON, JSONL, CSV, markdown), a
 * saved `vllm bench serve` or SGLang bench_serving result, their printed summaries, genai-perf's CSV, or
 * `ollama run --verbose`; undefined when it is none of them.
 */
export function parseBenchmarkOutput(text: string): ParsedOutput | undefined {
  return FORMATS.find((f) => f.is(text))?.parse(text);
}
