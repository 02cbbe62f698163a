import { BYTES_PER_GB, type DetectedGpu } from "./detected-gpu.js";

/** The arguments nvidia-smi is run with: one "name, memory in MiB" line per GPU. */
export const NVIDIA_SMI_ARGS = ["--query-gpu=name,memory.total", "--format=csv,noheader,nounits"] as const;

/**
 * The GPUs in the output of `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits`:
 * one line per GPU, "NVIDIA H100 80GB HBM3, 81559" (memory in MiB, "[N/A]" on a unified-memory part).
 * Lines that are not such a pair (a driver's error message) are skipped.
 */
export function parseNvidiaSmi(output: string): DetectedGpu[] {
  const gpus: DetectedGpu[] = [];
  for (const line of output.split(/\r?\n/)) {
    const comma = line.lastIndexOf(",");
    if (comma < 0) continue;
    const name = line.slice(0, comma).trim();
    const memory = line.slice(comma + 1).trim();
    const mib = /^\d+(\.\d+)?$/.test(memory) ? Number(memory) : null;
    if (name === "" || (mib === null && !/^\[?N\/A\]?$/i.test(memory))) continue;
    gpus.push({
      tool: "nvidia-smi",
      name,
      otherNames: [],
      platform: "nvidia",
      memoryGb: mib === null || mib === 0 ? null : (mib * 1024 ** 2) / BYTES_PER_GB,
      gpuCores: null,
    });
  }
  return gpus;
}
