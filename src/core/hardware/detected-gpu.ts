import type { Platform } from "../kinds.js";

/** The programs that report a machine's GPUs. */
export const DETECTION_TOOLS = ["nvidia-smi", "rocm-smi", "system_profiler"] as const;

export type DetectionTool = (typeof DETECTION_TOOLS)[number];

/** One GPU as a tool reported it. */
export interface DetectedGpu {
  tool: DetectionTool;
  /** The name it reported ("NVIDIA H100 80GB HBM3"); null when it reported none (an old rocm-smi's hex id). */
  name: string | null;
  /** Other names it reported, tried when the name matches nothing (rocm-smi's GFX version, "gfx1151"). */
  otherNames: string[];
  /** The maker, when the tool says; null for one the planner does not serve (an Intel GPU). */
  platform: Platform | null;
  /**
   * Its memory, GB counted as GPU makers count them (2^30 bytes, so an "80GB" H100, reporting 81,559 MiB,
   * has 79.6); null when unreported (Apple's unified memory, nvidia-smi's "[N/A]").
   */
  memoryGb: number | null;
  /** GPU cores, where the tool gives them (Apple); null otherwise. */
  gpuCores: number | null;
}

/** Bytes per GB as GPU makers count memory. */
export const BYTES_PER_GB = 1024 ** 3;
