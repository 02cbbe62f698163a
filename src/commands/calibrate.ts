import { tempSuffix } from "../cli/temp-suffix.js";
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import type { Io } from "../cli/io.js";
import { outputStyle } from "../cli/output-style.js";
import { boundedParser, tensorParallelParser } from "../cli/parse-options.js";
import { writeJson } from "../cli/write-json.js";
import { fitCalibration, type CalibrationInput } from "../core/calibrate/fit.js";
import { parseBenchmarkOutput } from "../core/calibrate/parse-output.js";
import type { RowDefaults } from "../core/calibrate/resolve-rows.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import { backendNamed, gpuNamed, namedModels, quantNamed } from "../core/planner/resolve.js";
import { loadCatalog } from "../data/load-catalog.js";
import { displayPath, readTextFile } from "../data/read-json-file.js";
import { DataFileError } from "../errors.js";

/** The parsed flags of `calibrate`. */
interface CalibrateFlags {
  out: string;
  hardware?: string;
  model?: string;
  quant?: string;
  backend?: string;
  tp?: 1 | 2 | 4 | 8;
  replicas?: number;
  json?: boolean;
  color?: boolean;
}

/** A path's identity on disk (device and inode), or undefined when it does not exist. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** A path resolved through links where it exists. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `path` lies inside `dir` (both resolved through links where they exist). */
function inside(path: string, dir: string): boolean {
  const rel = relative(real(dir), resolve(real(dirname(path)), basename(path)));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Refuses an --out that is one of the inputs or lies in the package's data: calibrate writes only a file of its own. */
function checkOut(out: string, files: readonly string[], dataDir: string): void {
  const target = identity(out);
  if (files.some((f) => resolve(f) === resolve(out) || (target !== undefined && identity(f) === target))) {
    throw new ChimeraforgeError("invalid_field", { field: "out", value: out, detail: "is one of the benchmark files read: calibrate never writes over its input." });
  }
  if (inside(out, dataDir)) {
    throw new ChimeraforgeError("invalid_field", { field: "out", value: out, detail: "is inside the planner's data directory, which calibrate never writes; give a path of your own." });
  }
}

/** Writes `text` to `path` whole or not at all: a temporary file beside it, then renamed over it. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${tempSuffix()}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? "unwritable";
    throw new ChimeraforgeError("invalid_field", { field: "out", value: path, detail: `cannot be written (${code}).` });
  }
}

/** Reads and recognises each benchmark file. */
function readInputs(files: readonly string[]): CalibrationInput[] {
  return files.map((path) => {
    const label = displayPath(path);
    const output = parseBenchmarkOutput(readTextFile(path, label));
    if (!output) {
      throw new DataFileError(label, "not output calibrate reads (llama-bench, vllm bench serve, SGLang bench_serving, ollama run --verbose, genai-perf's CSV)");
    }
    return { file: label, output };
  });
}

/** Fits a calibration on the benchmark files and writes it to --out. */
async function runCalibrate(files: string[], opts: CalibrateFlags, io: Io): Promise<void> {
  checkOut(opts.out, files, io.dataDir);
  const inputs = readInputs(files);
  const catalog = await loadCatalog({ dataDir: io.dataDir });
  const defaults: RowDefaults = {
    gpu: opts.hardware === undefined ? undefined : gpuNamed(catalog.gpus, opts.hardware),
    model: opts.model === undefined ? undefined : namedModels(catalog.models, [opts.model])[0],
    quant: opts.quant === undefined ? undefined : quantNamed(catalog, opts.quant),
    backend: opts.backend === undefined ? undefined : backendNamed(catalog, opts.backend),
    tensorParallel: opts.tp,
    replicas: opts.replicas,
  };
  const report = fitCalibration(catalog, inputs, defaults);
  const fitted = report.calibration.factors.length > 0;
  if (fitted) writeAtomically(opts.out, JSON.stringify(report.calibration, null, 2) + "\n");
  if (opts.json) writeJson(io, { ...report, out: fitted ? displayPath(opts.out) : null });
  else {
    const { renderCalibration } = await import("../render/calibration-report.js");
    io.stdout(renderCalibration(report, fitted ? displayPath(opts.out) : null, outputStyle(opts.color, io)));
  }
  if (!fitted) {
    throw new ChimeraforgeError("invalid_field", {
      detail:
        report.rows.length > 0
          ? "no factor was written: none lowered the error of the rows it was fitted on (see above); nothing to correct with one number."
          : "no factor could be fitted: no measurement maps onto the registry (see why above; --hardware, --model, --quant and --backend name what a file does not).",
    });
  }
}

/** `chimeraforge calibrate`: factors from your own benchmark output. */
export function addCalibrateCommand(program: Command, io: Io): void {
  program
    .command("calibrate")
    .description("fit correction factors on your own benchmark output, for --calibration on plan, predict and validate")
    .argument("<files...>", "benchmark output: llama-bench (json, jsonl, csv, md), vllm bench serve (--save-result JSON or its summary), SGLang bench_serving JSONL, ollama run --verbose, genai-perf CSV")
    .requiredOption("--out <file>", "the calibration file to write (never one of the inputs, never the planner's data)")
    .option("--hardware <gpu>", "the GPU, for files that do not name one the database knows (see list-hardware)")
    .option("--model <name>", "the registry model, for files that do not name one it knows (see list-models)")
    .option("--quant <level>", "the weight format, for files that do not name one (ollama, serving runs of a named --model)")
    .option("--backend <name>", "the serving backend, for files that do not name one (genai-perf, a summary without its Namespace line)")
    .addOption(new Option("--tp <n>", "GPUs per replica of a serving run: 1, 2, 4 or 8 (default 1, or as the file says)").argParser(tensorParallelParser(false)))
    .addOption(new Option("--replicas <n>", "replicas behind a serving run's endpoint (default 1, or as the file says)").argParser(boundedParser("replicas")))
    .option("--json", "print the factors, every row and what was left out as one JSON document")
    .option("--no-color", "never colour the output")
    .addHelpText(
      "after",
      `
Each measurement is mapped onto the registry by the names its file gives: the GPU (llama-bench's gpu_info,
a run's metadata), the model (a GGUF file name, a Hugging Face id, an Ollama tag) and its format. A row
whose names match nothing is listed, not guessed; the flags above fill in what a file leaves out. Factors
are fitted per GPU and backend (and per model with two or more rows) on one request's decode speed, the
prompt's prefill speed and a replica's throughput under load; each comes with its error before and after,
in the fit and on rows held out of it.

Examples:
  $ llama-bench -m Llama-3.2-1B-Instruct-Q4_K_M.gguf -o jsonl > bench.jsonl
  $ chimeraforge calibrate bench.jsonl --out calibration.json
  $ chimeraforge predict --model llama3.2-1b --quant Q4_K_M --backend llama.cpp --hardware "Radeon 8060S" --calibration calibration.json
  $ chimeraforge calibrate ollama-run.log --hardware "Apple M4 Pro" --quant Q4_K_M --out m4.json`,
    )
    .action(async (files: string[], opts: CalibrateFlags) => runCalibrate(files, opts, io));
}
