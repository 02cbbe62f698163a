import type { Platform } from "../kinds.js";
import { BYTES_PER_GB, type DetectedGpu } from "./detected-gpu.js";

/** The arguments system_profiler is run with: the graphics section, as text. */
export const SYSTEM_PROFILER_ARGS = ["SPDisplaysDataType"] as const;

/** The maker a "Vendor:" line names ("Apple (0x106b)", "AMD (0x1002)", "NVIDIA (0x10de)"); null for another. */
function platformOf(vendor: string): Platform | null {
  const v = vendor.toLowerCase();
  if (v.startsWith("apple")) return "apple";
  if (v.startsWith("amd") || v.startsWith("ati")) return "amd";
  if (v.startsWith("nvidia")) return "nvidia";
  return null;
}

/** "16 GB" or "1536 MB" in GB (2^30 bytes); null otherwise. */
function memoryOf(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(GB|MB)\b/i.exec(text.trim());
  if (!m) return null;
  return m[2]!.toUpperCase() === "GB" ? Number(m[1]) : (Number(m[1]) * 1024 ** 2) / BYTES_PER_GB;
}

/**
 * The GPUs in the text of `system_profiler SPDisplaysDataType` (macOS): one block per GPU, starting at its
 * "Chipset Model:" line, with "Vendor:", "Total Number of Cores:" (Apple silicon) and "VRAM (Total):" (a
 * discrete GPU; Apple silicon's memory is unified and not listed here).
 */
export function parseSystemProfiler(output: string): DetectedGpu[] {
  const gpus: DetectedGpu[] = [];
  let current: DetectedGpu | undefined;
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*([^:]+?):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [key, value] = [m[1]!.toLowerCase(), m[2]!.trim()];
    if (key === "chipset model") {
      current = { tool: "system_profiler", name: value, otherNames: [], platform: null, memoryGb: null, gpuCores: null };
      gpus.push(current);
      continue;
    }
    if (!current) continue;
    if (key === "vendor") current.platform = platformOf(value);
    if (key === "total number of cores" && /^\d+$/.test(value)) current.gpuCores = Number(value);
    if (key.startsWith("vram")) current.memoryGb ??= memoryOf(value);
  }
  return gpus;
}
