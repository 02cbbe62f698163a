import type { Measurement, MeasuredModel, Metric, ParsedOutput, SkipReason } from "./measurement.js";
import { csvFields, jsonRecords, numberOf, objectOf, plainText, positiveOf } from "./text.js";

/** llama-bench's fields of one test, whichever format carried them. */
interface BenchRecord {
  record: number;
  model: MeasuredModel;
  /** model_type: "llama 1B Q4_K - Medium". */
  modelType?: string | undefined;
  runtime?: string | undefined;
  gpu?: string | undefined;
  gpuLayers?: number | undefined;
  nPrompt: number;
  nGen: number;
  nDepth: number;
  tokensPerSecond: number | undefined;
}

/**
 * The weight format a llama-bench model_type names ("llama 7B mostly Q4_0" → "Q4_0", "qwen2 7B Q4_K -
 * Medium" → "Q4_K - Medium"), and the architecture before it.
 */
export function splitModelType(modelType: string): { arch: string; ftype?: string } {
  const match = /^(.*?)\s+(?:mostly\s+|all\s+)?((?:I?Q\d|TQ\d|F\d|BF\d|MXFP\d)[A-Za-z0-9_]*(?:\s+-\s+.+)?)$/.exec(modelType.trim());
  return match ? { arch: match[1]!, ftype: match[2]! } : { arch: modelType.trim() };
}

/** GPUs as llama-bench lists them (", " between devices): one name and how many, or the list as given when they differ. */
function gpusOf(info: string | undefined): { gpu?: string; gpuCount?: number } {
  const text = info?.trim();
  if (!text) return {};
  const names = text.split(/,\s+/).map((n) => n.trim());
  return names.every((n) => n === names[0]) ? { gpu: names[0]!, gpuCount: names.length } : { gpu: text };
}

/** The measurement of one test: prompt processing (pp), generation (tg), or why neither. */
function measurementOf(r: BenchRecord): Measurement | SkipReason {
  if (r.tokensPerSecond === undefined || r.tokensPerSecond <= 0) return "incomplete";
  if (r.gpuLayers === 0) return "not_on_gpu";
  let metric: Metric;
  if (r.nPrompt > 0 && r.nGen === 0) metric = { kind: "prefill", tokensPerSecond: r.tokensPerSecond, promptTokens: r.nPrompt, depthTokens: r.nDepth };
  else if (r.nGen > 0 && r.nPrompt === 0) metric = { kind: "decode", tokensPerSecond: r.tokensPerSecond, outputTokens: r.nGen, depthTokens: r.nDepth };
  else if (r.nGen > 0 && r.nPrompt > 0) return "combined_test";
  else return "incomplete";
  const ftype = r.modelType === undefined ? undefined : splitModelType(r.modelType).ftype;
  const { gpu, gpuCount } = gpusOf(r.gpu);
  return {
    tool: "llama-bench",
    record: r.record,
    model: r.model,
    quant: ftype,
    backend: "llama.cpp",
    runtime: r.runtime,
    gpu,
    gpuCount,
    metric,
  };
}

/** The device backend of an old-schema record (cuda, metal, vulkan… booleans) or a new one's "backends". */
function runtimeOf(o: Record<string, unknown>): string | undefined {
  if (typeof o.backends === "string" && o.backends !== "") return o.backends;
  const flags: [string, string][] = [
    ["cuda", "CUDA"],
    ["vulkan", "Vulkan"],
    ["kompute", "Kompute"],
    ["metal", "Metal"],
    ["sycl", "SYCL"],
  ];
  for (const [key, name] of flags) if (o[key] === true || o[key] === "1" || o[key] === 1) return name;
  return undefined;
}

/** A JSON or CSV record's fields as a test. */
function fromFields(o: Record<string, unknown>, record: number): BenchRecord {
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    record,
    model: { name: text(o.model_type), file: text(o.model_filename), params: positiveOf(o.model_n_params), sizeBytes: positiveOf(o.model_size) },
    modelType: text(o.model_type),
    runtime: runtimeOf(o),
    gpu: text(o.gpu_info),
    gpuLayers: numberOf(o.n_gpu_layers),
    nPrompt: numberOf(o.n_prompt) ?? 0,
    nGen: numberOf(o.n_gen) ?? 0,
    nDepth: numberOf(o.n_depth) ?? 0,
    tokensPerSecond: positiveOf(o.avg_ts),
  };
}

/** The columns that follow one another in every llama-bench CSV, and those that end it. */
const MODEL_COLUMNS = ["cpu_info", "gpu_info", "backends", "model_filename", "model_type", "model_size", "model_n_params"];
const TAIL_COLUMNS = ["n_prompt", "n_gen", "n_depth", "test_time", "avg_ns", "stddev_ns", "avg_ts", "stddev_ts"];

/**
 * One CSV row as fields by header. A row with as many values as the header is read as is. Some published
 * examples have one value more or fewer than their header; their model columns are then placed by the
 * model file (the value ending in .gguf or .bin) and the test's columns from the row's end.
 */
function csvRecord(header: readonly string[], values: readonly string[]): Record<string, unknown> | undefined {
  if (values.length === header.length) return Object.fromEntries(header.map((h, i) => [h, values[i]]));
  const fileAt = values.findIndex((v) => /\.(gguf|bin)$/i.test(v));
  const headerFileAt = header.indexOf("model_filename");
  if (fileAt < 0 || headerFileAt < 0) return undefined;
  const shift = fileAt - headerFileAt;
  const fields: Record<string, unknown> = {};
  for (const column of MODEL_COLUMNS) {
    const at = header.indexOf(column);
    if (at >= 0) fields[column] = values[at + shift];
  }
  for (const column of TAIL_COLUMNS) {
    const at = header.indexOf(column);
    if (at >= 0) fields[column] = values[values.length - (header.length - at)];
  }
  return fields;
}

/** A size as the markdown table prints it ("3.56 GiB", "636.18 MiB"), bytes. */
function sizeBytes(text: string): number | undefined {
  const match = /^([\d.]+)\s*(KiB|MiB|GiB|TiB)$/.exec(text.trim());
  if (!match) return undefined;
  const power = { KiB: 1, MiB: 2, GiB: 3, TiB: 4 }[match[2] as "KiB" | "MiB" | "GiB" | "TiB"];
  return Number(match[1]) * 1024 ** power;
}

/** A parameter count as the markdown table prints it ("6.74 B", "636.18 M"). */
function paramCount(text: string): number | undefined {
  const match = /^([\d.]+)\s*([KMBT])$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[match[2] as "K" | "M" | "B" | "T"];
}

/** A test as the markdown table names it: "pp512", "tg 128", "pp512 @ d4096", "pp4096+tg128". */
function testOf(text: string): { nPrompt: number; nGen: number; nDepth: number } | undefined {
  const t = text.trim();
  const combined = /^pp\s*(\d+)\s*\+\s*tg\s*(\d+)(?:\s*@\s*d(\d+))?$/.exec(t);
  if (combined) return { nPrompt: Number(combined[1]), nGen: Number(combined[2]), nDepth: Number(combined[3] ?? 0) };
  const single = /^(pp|tg)\s*(\d+)(?:\s*@\s*d(\d+))?$/.exec(t);
  if (!single) return undefined;
  const n = Number(single[2]);
  return single[1] === "pp" ? { nPrompt: n, nGen: 0, nDepth: Number(single[3] ?? 0) } : { nPrompt: 0, nGen: n, nDepth: Number(single[3] ?? 0) };
}

/** The GPUs llama.cpp lists as it starts (CUDA and ROCm "Device 0: …", Vulkan "ggml_vulkan: 0 = …", Metal "GPU name: …"). */
function devicesOf(lines: readonly string[]): string[] {
  const devices: string[] = [];
  for (const line of lines) {
    const cuda = /^\s*Device \d+: ([^,]+),/.exec(line);
    const vulkan = /^ggml_vulkan: \d+ = (.+?)(?: \([^)]*\))? \|/.exec(line);
    const metal = /GPU name:\s+(.+?)\s*$/.exec(line);
    const name = cuda?.[1] ?? vulkan?.[1] ?? metal?.[1];
    if (name) devices.push(name.trim());
  }
  return devices;
}

/** The cells of a markdown table row. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
}

/** Every test of llama-bench's markdown tables (`-o md`, its default), with the GPUs its start-up lines name. */
function markdownRecords(text: string): BenchRecord[] {
  const lines = plainText(text).split("\n");
  const devices = devicesOf(lines);
  const gpu = devices.length > 0 ? devices.join(", ") : undefined;
  const records: BenchRecord[] = [];
  let header: string[] | undefined;
  lines.forEach((line, i) => {
    if (!line.trim().startsWith("|")) {
      header = undefined;
      return;
    }
    const row = cells(line);
    if (row.includes("model") && row.includes("test") && row.includes("t/s")) {
      header = row;
      return;
    }
    if (!header || row.every((c) => /^:?-+:?$/.test(c))) return;
    const get = (column: string) => {
      const at = header!.indexOf(column);
      return at >= 0 ? row[at] : undefined;
    };
    const test = testOf(get("test") ?? "");
    if (!test) return;
    const speed = /^([\d.]+)/.exec(get("t/s") ?? "")?.[1];
    const ngl = get("ngl");
    records.push({
      record: i + 1,
      model: { name: get("model"), params: paramCount(get("params") ?? ""), sizeBytes: sizeBytes(get("size") ?? "") },
      modelType: get("model"),
      runtime: get("backend"),
      gpu,
      gpuLayers: ngl === undefined ? undefined : numberOf(ngl),
      ...test,
      tokensPerSecond: speed === undefined ? undefined : positiveOf(speed),
    });
  });
  return records;
}

/** The tests of a CSV (`-o csv`): a header line, then a row per test. */
function csvRecords(text: string): { records: BenchRecord[]; realigned: boolean } {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const header = csvFields(lines[0]!).map((h) => h.trim());
  let realigned = false;
  const records: BenchRecord[] = [];
  lines.slice(1).forEach((line, i) => {
    const values = csvFields(line);
    if (values.length !== header.length) realigned = true;
    const fields = csvRecord(header, values);
    records.push(fields ? fromFields(fields, i + 2) : { record: i + 2, model: {}, nPrompt: 0, nGen: 0, nDepth: 0, tokensPerSecond: undefined });
  });
  return { records, realigned };
}

/** Whether a text is llama-bench output, in any of its formats. */
export function isLlamaBench(text: string): boolean {
  const start = text.trimStart();
  if (start.startsWith("build_commit,")) return true;
  if ((start.startsWith("{") || start.startsWith("[")) && /"avg_ts"\s*:/.test(text) && /"n_prompt"\s*:/.test(text)) return true;
  return /^\s*\|\s*model\s*\|.*\|\s*test\s*\|\s*t\/s\s*\|/m.test(text);
}

/**
 * llama-bench's output (JSON `-o json`, JSON Lines `-o jsonl`, CSV `-o csv`, or the markdown table of
 * `-o md`, its default): one measurement per prompt-processing (pp) or generation (tg) test, of one
 * request alone, on llama.cpp. The GPU is the one gpu_info or the start-up lines name.
 */
export function parseLlamaBench(text: string): ParsedOutput {
  let records: BenchRecord[];
  let format: string;
  const json = jsonRecords(text);
  if (json) {
    records = json.records.map((r, i) => fromFields(objectOf(r) ?? {}, json.lines[i]!));
    format = json.format;
  } else if (text.trimStart().startsWith("build_commit,")) {
    const csv = csvRecords(text.trimStart());
    records = csv.records;
    format = csv.realigned ? "csv (columns re-aligned)" : "csv";
  } else {
    records = markdownRecords(text);
    format = "markdown";
  }
  const output: ParsedOutput = { tool: "llama-bench", format, measurements: [], skipped: [] };
  for (const r of records) {
    const m = measurementOf(r);
    if (typeof m === "string") output.skipped.push({ record: r.record, reason: m });
    else output.measurements.push(m);
  }
  return output;
}
