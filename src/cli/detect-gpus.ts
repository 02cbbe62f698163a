import { execFile } from "node:child_process";
import type { DetectedGpu, DetectionTool } from "../core/hardware/detected-gpu.js";
import { NVIDIA_SMI_ARGS, parseNvidiaSmi } from "../core/hardware/parse-nvidia-smi.js";
import { parseRocmSmi, ROCM_SMI_ARGS } from "../core/hardware/parse-rocm-smi.js";
import { parseSysctlMemsize, SYSCTL_MEMSIZE_ARGS } from "../core/hardware/parse-sysctl.js";
import { parseSystemProfiler, SYSTEM_PROFILER_ARGS } from "../core/hardware/parse-system-profiler.js";
import type { Io } from "./io.js";

/** Run by its own name: a program on PATH, in no shell. */
type Program = DetectionTool | "sysctl";

/** The longest a tool may take: nvidia-smi answers in well under a second unless a driver hangs. */
const TIMEOUT_MS = 2000;

/** What running one tool gave: not on PATH, a failure (with its first line), or its output. */
export type ToolRun<T extends Program = DetectionTool> = { tool: T; status: "absent" } | { tool: T; status: "failed"; detail: string } | { tool: T; status: "ran"; output: string };

/** The first non-empty line of a text, for a one-line message. */
function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== "")?.trim() ?? "";
}

/** Runs `tool` with `args`, without a shell and for at most TIMEOUT_MS, with the environment's PATH. */
function run<T extends Program>(tool: T, args: readonly string[], io: Io): Promise<ToolRun<T>> {
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

/**
 * system_profiler's GPUs; Apple silicon's with the Mac's memory, which system_profiler does not list
 * (the GPU shares it): `sysctl -n hw.memsize`.
 */
async function runSystemProfiler(io: Io): Promise<{ run: ToolRun; gpus: DetectedGpu[] }> {
  const profiler = await run("system_profiler", SYSTEM_PROFILER_ARGS, io);
  const gpus = profiler.status === "ran" ? parseSystemProfiler(profiler.output) : [];
  const unified = gpus.filter((g) => g.platform === "apple" && g.memoryGb === null);
  if (unified.length > 0) {
    const memsize = await run("sysctl", SYSCTL_MEMSIZE_ARGS, io);
    const memoryGb = memsize.status === "ran" ? parseSysctlMemsize(memsize.output) : null;
    for (const g of unified) g.memoryGb = memoryGb;
  }
  return { run: profiler, gpus };
}

/** Every GPU the tools on PATH report, and what each tool did; the tools run at once. */
export async function detectGpus(io: Io): Promise<{ gpus: DetectedGpu[]; runs: ToolRun[] }> {
  const [nvidia, rocm, apple] = await Promise.all([
    run("nvidia-smi", NVIDIA_SMI_ARGS, io).then((r) => ({ run: r, gpus: r.status === "ran" ? parseNvidiaSmi(r.output) : [] })),
    runRocmSmi(io),
    runSystemProfiler(io),
  ]);
  return { gpus: [...nvidia.gpus, ...rocm.gpus, ...apple.gpus], runs: [nvidia.run, rocm.run, apple.run] };
}
