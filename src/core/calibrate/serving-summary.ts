import type { LoadMetric, Measurement, ParsedOutput } from "./measurement.js";
import { requestRateOf, servingBackend } from "./serving-result.js";
import { plainText, positiveOf } from "./text.js";

/** Whether a text holds the summary `vllm bench serve` (or SGLang's bench_serving) prints. */
export function isServingSummary(text: string): boolean {
  return /=+ Serving Benchmark Result =+/.test(text);
}

/** One "Key: value" line of a summary block, keys as printed. */
type Block = Map<string, string>;

/** A value of the Namespace(...) line the client prints first: model='…', request_rate=inf, max_concurrency=16. */
function namespaceValue(line: string, key: string): string | undefined {
  const match = new RegExp(`[(,]\\s*${key}=('([^']*)'|"([^"]*)"|[^,)]*)`).exec(line);
  const value = match ? (match[2] ?? match[3] ?? match[1]) : undefined;
  return value === undefined || value === "None" ? undefined : value;
}

/** A summary's latency statistics for one metric ("TTFT", "TPOT", "ITL", "E2EL", "E2E Latency"). */
function stat(block: Block, names: readonly string[]) {
  const pick = (which: string) => {
    for (const name of names) {
      const value = positiveOf(block.get(`${which} ${name} (ms)`));
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return { meanMs: pick("Mean"), medianMs: pick("Median"), p99Ms: pick("P99") };
}

/**
 * The "Serving Benchmark Result" summaries of `vllm bench serve` (and SGLang's bench_serving, which
 * prints the same block with a Backend line): one measurement under load per block, with the model,
 * backend, request rate and concurrency limit of the Namespace(...) and traffic lines printed before it.
 */
export function parseServingSummary(text: string): ParsedOutput {
  const lines = plainText(text).split("\n");
  const output: ParsedOutput = { tool: "vllm-bench", format: "text", measurements: [], skipped: [] };
  let context: { model?: string; backend?: string; rate?: number | null; concurrency?: number } = {};
  let block: Block | undefined;
  let start = 0;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.startsWith("Namespace(")) {
      context = {
        model: namespaceValue(line, "served_model_name") ?? namespaceValue(line, "model"),
        backend: namespaceValue(line, "backend"),
        rate: requestRateOf(namespaceValue(line, "request_rate")),
        concurrency: positiveOf(namespaceValue(line, "max_concurrency")),
      };
      return;
    }
    const traffic = /^Traffic request rate:\s*(\S+)/.exec(line);
    if (traffic) context.rate = requestRateOf(traffic[1]);
    const limit = /^Maximum request concurrency:\s*(\S+)/.exec(line);
    if (limit && !block) context.concurrency = positiveOf(limit[1]);
    if (/=+ Serving Benchmark Result =+/.test(line)) {
      block = new Map();
      start = i + 1;
      return;
    }
    if (!block) return;
    if (/^=+$/.test(line.trim())) {
      const m = blockMeasurement(block, context, start);
      if (typeof m === "string") output.skipped.push({ record: start, reason: m });
      else output.measurements.push(m);
      if (typeof m !== "string" && m.tool === "sglang-bench") output.tool = "sglang-bench";
      block = undefined;
      return;
    }
    const kv = /^([^:]+):\s+(.*)$/.exec(line);
    if (kv) block.set(kv[1]!.trim(), kv[2]!.trim());
  });
  return output;
}

/** One summary block as a measurement. */
function blockMeasurement(
  block: Block,
  context: { model?: string; backend?: string; rate?: number | null; concurrency?: number },
  record: number,
): Measurement | "incomplete" | "no_requests" {
  const completed = positiveOf(block.get("Successful requests"));
  if (completed === undefined) return "no_requests";
  const output = positiveOf(block.get("Output token throughput (tok/s)"));
  const totalIn = positiveOf(block.get("Total input tokens"));
  const totalOut = positiveOf(block.get("Total generated tokens"));
  if (output === undefined || totalIn === undefined || totalOut === undefined) return "incomplete";
  const sglang = block.has("Backend") || block.has("Mean E2E Latency (ms)");
  const rateLine = block.get("Traffic request rate");
  const limitLine = block.get("Maximum request concurrency") ?? block.get("Max request concurrency");
  const metric: LoadMetric = {
    kind: "load",
    outputTokensPerSecond: output,
    requestsPerSecond: positiveOf(block.get("Request throughput (req/s)")),
    maxConcurrency: positiveOf(limitLine) ?? context.concurrency,
    requestRate: rateLine !== undefined ? requestRateOf(rateLine) : context.rate,
    promptTokens: totalIn / completed,
    outputTokens: totalOut / completed,
    requests: completed,
    ttft: stat(block, ["TTFT"]),
    tpot: stat(block, ["TPOT"]),
    itl: stat(block, ["ITL"]),
    e2e: stat(block, ["E2EL", "E2E Latency"]),
  };
  return {
    tool: sglang ? "sglang-bench" : "vllm-bench",
    record,
    model: { name: context.model },
    backend: servingBackend(block.get("Backend") ?? context.backend),
    metric,
  };
}
