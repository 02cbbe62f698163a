import { execFile } from "node:child_process";
import type { DetectedGpu, DetectionTool } from "../core/hardware/detected-gpu.js";
import { NVIDIA_SMI_ARGS, parseNvidiaSmi } from "../core/hardware/parse-nvidia-smi.js";
import { parseRocmSmi, ROCM_SMI_ARGS } from "../core/hardware/parse-rocm-smi.js";
import { parseSystemProfiler, SYSTEM_PROFILER_ARGS } from "../core/hardware/parse-system-profiler.js";
import type { Io } from "./io.js";

/** The longest a tool may take: nvidia-smi answers in well under a second unless a driver hangs. */
const TIMEOUT_MS = 2000;

/** What running one tool gave: not on PATH, a failure (with its first line), or its output. */
export type ToolRun = { tool: DetectionTool; status: "absent" } | { tool: DetectionTool; status: "failed"; detail: string } | { tool: DetectionTool; status: "ran"; output: string };

/** The first non-empty line of a text, for a one-line message. */
function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== "")?.trim() ?? "";
}

/** Runs `tool` with `args`, without a shell and for at most TIMEOUT_MS, with the environment's PATH. */
function run(tool: DetectionTool, args: readonly string[], io: Io): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(tool, [...args], { timeout: TIMEOUT_MS, env: { ...io.env }, windowsHide: true, encoding: "utf8" }, (error, stdout, stderr) => {
      if (!error) return resolve({ tool, status: "ran", output: stdout });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return resolve({ tool, status: "absent" });
      const detail = error.killed ? `no answer within ${TIMEOUT_MS / 1000} s` : firstLine(stderr) || firstLine(stdout) || error.message;
      resolve({ tool, status: "failed", detail });
    });
  });
}

/** rocm-smi as JSON, or as text where this rocm-smi has no --json (or its JSON holds no card). */
async function runRocmSmi(io: Io): Promise<{ run: ToolRun; gpus: DetectedGpu[] }> {
  const json = await run("rocm-smi", ROCM_SMI_ARGS, io);
  const gpus = json.status === "ran" ? parseRocmSmi(json.output) : [];
  if (json.status === "absent" || gpus.length > 0) return { run: json, gpus };
  const text = await run("rocm-smi", ROCM_SMI_ARGS.filter((a) => a !== "--json"), io);
  return { run: text, gpus: text.status === "ran" ? parseRocmSmi(text.output) : [] };
}

/** Every GPU the tools on PATH report, and what each tool did; the tools run at once. */
export async function detectGpus(io: Io): Promise<{ gpus: DetectedGpu[]; runs: ToolRun[] }> {
  const [nvidia, rocm, apple] = await Promise.all([
    run("nvidia-smi", NVIDIA_SMI_ARGS, io).then((r) => ({ run: r, gpus: r.status === "ran" ? parseNvidiaSmi(r.output) : [] })),
    runRocmSmi(io),
    run("system_profiler", SYSTEM_PROFILER_ARGS, io).then((r) => ({ run: r, gpus: r.status === "ran" ? parseSystemProfiler(r.output) : [] })),
  ]);
  return { gpus: [...nvidia.gpus, ...rocm.gpus, ...apple.gpus], runs: [nvidia.run, rocm.run, apple.run] };
}
