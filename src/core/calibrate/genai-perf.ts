import type { LatencyStat, ParsedOutput } from "./measurement.js";
import { csvFields, positiveOf } from "./text.js";

/** Whether a text is genai-perf's profile_export_genai_perf.csv. */
export function isGenaiPerfCsv(text: string): boolean {
  return /^Metric,avg,/m.test(text) && /Output Token Throughput/.test(text);
}

/** A metric row's statistics: avg as the mean, p50 as the median, p99. */
function statOf(rows: Map<string, Map<string, string>>, names: readonly string[]): LatencyStat {
  const row = names.map((n) => rows.get(n)).find((r) => r !== undefined);
  return { meanMs: positiveOf(row?.get("avg")), medianMs: positiveOf(row?.get("p50")), p99Ms: positiveOf(row?.get("p99")) };
}

/**
 * genai-perf's profile_export_genai_perf.csv: a table of statistics (avg, min, max, p99 … p25) per metric,
 * then a blank line and "Metric,Value" rows of throughputs. One measurement under load: the output token
 * throughput with the requests' mean input and output lengths and their latencies. The file names no
 * model, backend, GPU or concurrency.
 */
export function parseGenaiPerf(text: string): ParsedOutput {
  const output: ParsedOutput = { tool: "genai-perf", format: "csv", measurements: [], skipped: [] };
  const stats = new Map<string, Map<string, string>>();
  const values = new Map<string, string>();
  let header: string[] | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      header = undefined;
      continue;
    }
    const fields = csvFields(line.trimEnd());
    if (fields[0] === "Metric") {
      header = fields;
      continue;
    }
    if (!header) continue;
    if (header.length === 2) values.set(fields[0]!, fields[1] ?? "");
    else stats.set(fields[0]!, new Map(header.slice(1).map((h, i) => [h, fields[i + 1] ?? ""])));
  }
  const throughput = positiveOf(values.get("Output Token Throughput (per sec)") ?? values.get("Output Token Throughput (tokens/sec)"));
  const outputLength = positiveOf((stats.get("Output Sequence Length (tokens)") ?? stats.get("Output Sequence Length"))?.get("avg"));
  const inputLength = positiveOf((stats.get("Input Sequence Length (tokens)") ?? stats.get("Input Sequence Length"))?.get("avg"));
  if (throughput === undefined || outputLength === undefined || inputLength === undefined) {
    output.skipped.push({ record: 1, reason: "incomplete" });
    return output;
  }
  const itl = statOf(stats, ["Inter Token Latency (ms)"]);
  output.measurements.push({
    tool: "genai-perf",
    record: 1,
    model: {},
    metric: {
      kind: "load",
      outputTokensPerSecond: throughput,
      requestsPerSecond: positiveOf(values.get("Request Throughput (per sec)")),
      promptTokens: inputLength,
      outputTokens: outputLength,
      requests: positiveOf(values.get("Request Count (count)")),
      ttft: statOf(stats, ["Time To First Token (ms)", "Time to first token (ms)"]),
      // genai-perf's inter-token latency excludes the first token: vLLM's TPOT.
      tpot: itl,
      itl,
      e2e: statOf(stats, ["Request Latency (ms)"]),
    },
  });
  return output;
}
