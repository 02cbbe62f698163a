import type { Measurement, ParsedOutput } from "./measurement.js";
import { goDurationSeconds, plainText, positiveOf } from "./text.js";

/** Whether a text holds the statistics `ollama run --verbose` prints. */
export function isOllamaVerbose(text: string): boolean {
  return /^\s*prompt eval rate:/m.test(plainText(text)) || /^\s*eval count:\s+\d+ token/m.test(plainText(text));
}

/** One statistics block: its fields by name ("prompt eval count"), and the line it starts on. */
interface StatsBlock {
  line: number;
  model?: string | undefined;
  fields: Map<string, string>;
}

/** A count ("23 token(s)"), a duration ("85.963792ms") or a rate ("267.55 tokens/s") of a block. */
function count(block: StatsBlock, key: string): number | undefined {
  return positiveOf(/^(\d+)/.exec(block.fields.get(key) ?? "")?.[1]);
}
function seconds(block: StatsBlock, key: string): number | undefined {
  const text = block.fields.get(key);
  return text === undefined ? undefined : goDurationSeconds(text);
}
function rate(block: StatsBlock, key: string): number | undefined {
  return positiveOf(/^([\d.]+)\s*tokens\/s/.exec(block.fields.get(key) ?? "")?.[1]);
}

/**
 * The statistics blocks of `ollama run <model> --verbose` (each answer's total and load duration, prompt
 * eval count, duration and rate, eval count, duration and rate), terminal escapes and spinner frames
 * ignored: each block is a prompt's prefill and its answer's decode, one request alone. The model is the
 * one an `ollama run <model>` command line (or a `model_name = <model>` line) before the block names.
 */
export function parseOllamaVerbose(text: string): ParsedOutput {
  const output: ParsedOutput = { tool: "ollama", format: "text", measurements: [], skipped: [] };
  const blocks: StatsBlock[] = [];
  let model: string | undefined;
  let current: StatsBlock | undefined;
  plainText(text)
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.trim();
      const run = /\bollama run\s+(\S+)/.exec(line) ?? /^model_name\s*=\s*(\S+)/.exec(line);
      if (run) model = run[1];
      const kv = /^(total duration|load duration|prompt eval count|prompt eval duration|prompt eval rate|eval count|eval duration|eval rate):\s*(.+)$/.exec(line);
      if (!kv) return;
      const key = kv[1]!;
      // A block ends with its eval figures: a field seen again, or a new total, starts the next.
      if (!current || current.fields.has(key) || (key === "total duration" && current.fields.size > 0)) {
        current = { line: i + 1, model, fields: new Map() };
        blocks.push(current);
      }
      current.fields.set(key, kv[2]!.trim());
    });
  for (const block of blocks) {
    const promptCount = count(block, "prompt eval count");
    const promptSeconds = seconds(block, "prompt eval duration");
    const evalCount = count(block, "eval count");
    const evalSeconds = seconds(block, "eval duration");
    const base = { tool: "ollama" as const, record: block.line, model: { name: block.model }, backend: "ollama" };
    const prefill = promptCount !== undefined && promptSeconds ? promptCount / promptSeconds : rate(block, "prompt eval rate");
    const decode = evalCount !== undefined && evalSeconds ? evalCount / evalSeconds : rate(block, "eval rate");
    if (prefill !== undefined && promptCount !== undefined) {
      output.measurements.push({ ...base, metric: { kind: "prefill", tokensPerSecond: prefill, promptTokens: promptCount, depthTokens: 0 } } satisfies Measurement);
    }
    if (decode !== undefined && evalCount !== undefined) {
      output.measurements.push({ ...base, metric: { kind: "decode", tokensPerSecond: decode, outputTokens: evalCount, depthTokens: promptCount ?? 0 } } satisfies Measurement);
    }
    if (prefill === undefined && decode === undefined) output.skipped.push({ record: block.line, reason: "incomplete" });
  }
  return output;
}
