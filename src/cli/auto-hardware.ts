import type { Gpu } from "../core/catalog/types.js";
import type { Planner } from "../core/planner/planner.js";
import { DETECTION_TOOLS, type DetectedGpu } from "../core/hardware/detected-gpu.js";
import { matchDetectedGpu } from "../core/hardware/match-detected-gpu.js";
import { ChimeraforgeError } from "../core/planner/errors.js";
import { detectGpus, type ToolRun } from "./detect-gpus.js";
import type { Io } from "./io.js";
import { loadPlanner } from "./load-planner.js";
import type { RequestFlags } from "./request-options.js";

/** Whether --hardware asks for this machine's GPUs. */
function isAutoHardware(hardware: string | undefined): boolean {
  return hardware?.trim().toLowerCase() === "auto";
}

/** One kind of GPU found: how many, what the tool called it, and the database entry it is (if any). */
interface FoundKind {
  count: number;
  detected: DetectedGpu;
  gpu: Gpu | undefined;
}

/** A GPU as reported: "NVIDIA H100 80GB HBM3 (79.6 GB, nvidia-smi)". */
function reported(d: DetectedGpu): string {
  const memory = d.memoryGb === null ? "" : `${Number(d.memoryGb.toFixed(1))} GB, `;
  const cores = d.gpuCores === null ? "" : `${d.gpuCores} GPU cores, `;
  return `${d.name ?? "a GPU with no name"} (${cores}${memory}${d.tool})`;
}

/** A refusal of --hardware auto, in one line. */
function refuse(code: ChimeraforgeError["code"], detail: string): ChimeraforgeError {
  return new ChimeraforgeError(code, { field: "hardware", value: "auto", detail });
}

/** Why no GPU was found: no tool on PATH, or what each tool said. */
function nothingFound(runs: readonly ToolRun[], ignored: readonly DetectedGpu[]): ChimeraforgeError {
  const present = runs.filter((r) => r.status !== "absent");
  const give = "name one with --hardware <gpu> (see list-hardware), or give --gpu-memory and --gpu-bandwidth";
  if (present.length === 0) return refuse("gpu_not_detected", `found no GPU: none of ${DETECTION_TOOLS.join(", ")} is on PATH; ${give}.`);
  const said = present.map((r) => (r.status === "failed" ? `${r.tool} failed (${r.detail})` : `${r.tool} reported no GPU`));
  const others = ignored.length > 0 ? `, only GPUs the planner does not serve (${ignored.map((d) => d.name ?? "unnamed").join(", ")})` : "";
  return refuse("gpu_not_detected", `found no GPU: ${said.join("; ")}${others}; ${give}.`);
}

/** The detected GPUs grouped by what they are: the database entry, else the reported name and memory. */
function kindsOf(gpus: readonly Gpu[], detected: readonly DetectedGpu[]): FoundKind[] {
  const kinds = new Map<string, FoundKind>();
  for (const d of detected) {
    const match = matchDetectedGpu(gpus, d);
    if (match.kind === "ambiguous") {
      throw refuse("ambiguous_name", `found ${reported(d)}, which could be any of ${match.gpus.map((g) => `"${g.name}"`).join(", ")}: give --hardware with the one it is.`);
    }
    const gpu = match.kind === "matched" ? match.gpu : undefined;
    const key = gpu ? gpu.name : `${d.name}|${d.memoryGb?.toFixed(1)}`;
    const kind = kinds.get(key);
    if (kind) kind.count++;
    else kinds.set(key, { count: 1, detected: d, gpu });
  }
  return [...kinds.values()];
}

/**
 * Whether an Apple GPU's Mac has another memory than the database's entry, which lists the most its chip
 * takes (an M4 Mac may have 16 GB of the 32 the chip takes).
 */
function differsInMemory(kind: FoundKind): boolean {
  const memoryGb = kind.detected.memoryGb;
  return kind.gpu?.platform === "apple" && memoryGb !== null && Math.abs(memoryGb - kind.gpu.memory_gb) > 0.5;
}

/**
 * An Apple GPU with its Mac's memory: the database entry's figures (bandwidth, TFLOPS) and name, and the
 * share of this Mac's memory a GPU may use that the entry states.
 */
function sharedMemory<F extends RequestFlags & { maxGpus?: number | undefined }>(flags: F, kind: FoundKind, gpu: Gpu, several: boolean): AutoHardware<F> {
  const usable = Number(((kind.detected.memoryGb! * gpu.vram_gb) / gpu.memory_gb).toFixed(2));
  const memory = Number(kind.detected.memoryGb!.toFixed(1));
  return {
    flags: {
      ...flags,
      hardware: undefined,
      gpuName: `${gpu.name} with ${memory} GB`,
      gpuMemory: usable,
      gpuBandwidth: gpu.bandwidth_gbps,
      gpuTflops: flags.gpuTflops ?? gpu.fp16_tflops,
      gpuPlatform: gpu.platform === "any" ? undefined : gpu.platform,
      ...(several ? { maxGpus: flags.maxGpus ?? 1 } : {}),
    },
    note: `note: --hardware auto: found ${reported(kind.detected)}: ${gpu.name} (the database lists the most memory the chip takes, ${gpu.memory_gb} GB), planned with this Mac's ${memory} GB, of which a GPU may use ${usable} GB.\n`,
  };
}

/** The flags --hardware auto stands for, and a note saying what was found. */
interface AutoHardware<F> {
  flags: F;
  note: string;
}

/**
 * Resolves `--hardware auto` into the flags it stands for: this machine's GPUs, read from nvidia-smi,
 * rocm-smi or system_profiler (whichever is on PATH), matched to `gpus` (the database). One kind of GPU
 * becomes --hardware <its name>; several identical GPUs also cap a plan at their count (--max-gpus, unless
 * given); several kinds are planned each (capped at the fewest of a kind; `several` false refuses them:
 * predict takes one GPU). A GPU the database lacks is planned by its figures, the reported memory with
 * --gpu-bandwidth, which must then be given: its bandwidth is unknown.
 */
async function autoHardware<F extends RequestFlags & { maxGpus?: number | undefined }>(
  flags: F,
  gpus: readonly Gpu[],
  io: Io,
  several: boolean,
): Promise<AutoHardware<F>> {
  const { gpus: found, runs } = await detectGpus(io);
  const served = found.filter((d) => d.platform !== null);
  if (served.length === 0) throw nothingFound(runs, found);
  const kinds = kindsOf(gpus, served);
  const unknown = kinds.find((k) => !k.gpu);
  const counted = (k: FoundKind) => `${k.count > 1 ? `${k.count}× ` : ""}${reported(k.detected)}`;
  if (unknown) {
    const d = unknown.detected;
    if (kinds.length > 1) {
      throw refuse("unknown_name", `found ${kinds.map(counted).join(" and ")}, of which ${reported(d)} is not in the GPU database: name the GPU to plan with --hardware <gpu>.`);
    }
    if (d.memoryGb === null) {
      throw refuse("unknown_name", `found ${counted(unknown)}, which is not in the GPU database and reported no memory: give --gpu-memory <GB> and --gpu-bandwidth <GB/s> instead.`);
    }
    if (flags.gpuBandwidth === undefined) {
      throw refuse(
        "unknown_name",
        `found ${counted(unknown)}, which is not in the GPU database: its memory bandwidth is unknown, so it cannot be planned; give --gpu-bandwidth <GB/s> (and --gpu-price <dollars/h>) to plan it by its figures.`,
      );
    }
    const memoryGb = flags.gpuMemory ?? Number(d.memoryGb.toFixed(1));
    return {
      flags: { ...flags, hardware: undefined, gpuMemory: memoryGb, gpuPlatform: flags.gpuPlatform ?? d.platform ?? undefined, maxGpus: flags.maxGpus ?? unknown.count },
      note: `note: --hardware auto: found ${counted(unknown)}, not in the GPU database: planned by its figures, ${memoryGb} GB at ${flags.gpuBandwidth} GB/s${unknown.count > 1 ? `, at most ${flags.maxGpus ?? unknown.count} GPUs` : ""}.\n`,
    };
  }
  const [only] = kinds;
  if (kinds.length === 1 && only?.gpu && differsInMemory(only)) return sharedMemory(flags, only, only.gpu, several);
  if (kinds.length > 1 && !several) {
    throw refuse("conflicting_fields", `found ${kinds.map(counted).join(" and ")}: predict takes one GPU; give --hardware with the one to predict.`);
  }
  const fewest = Math.min(...kinds.map((k) => k.count));
  const maxGpus = flags.maxGpus ?? fewest;
  const cap = several ? `; a plan bills at most ${maxGpus} GPU${maxGpus > 1 ? "s" : ""}${flags.maxGpus === undefined ? " (the count found; --max-gpus to change)" : ""}` : "";
  return {
    flags: { ...flags, hardware: kinds.map((k) => k.gpu!.name).join(","), maxGpus },
    note: `note: --hardware auto: found ${kinds.map((k) => `${counted(k)}: ${k.gpu!.name}`).join("; ")}${cap}.\n`,
  };
}

/**
 * The flags with --hardware auto resolved to this machine's GPUs (its note on stderr), and the planner
 * loaded to match them; other flags come back as they are, the planner left for the caller to load once
 * the request is checked.
 */
export async function resolveAutoHardware<F extends RequestFlags & { maxGpus?: number | undefined }>(
  flags: F,
  io: Io,
  several: boolean,
): Promise<{ flags: F; planner?: Planner }> {
  if (!isAutoHardware(flags.hardware)) return { flags };
  const planner = await loadPlanner(io.dataDir, flags.modelsPath, flags.calibration);
  const auto = await autoHardware(flags, planner.catalog.gpus, io, several);
  io.stderr(auto.note);
  return { flags: auto.flags, planner };
}
