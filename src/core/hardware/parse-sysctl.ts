import { BYTES_PER_GB } from "./detected-gpu.js";

/** The arguments sysctl is run with on a Mac: its physical memory, which Apple silicon's GPU shares. */
export const SYSCTL_MEMSIZE_ARGS = ["-n", "hw.memsize"] as const;

/** The memory in the output of `sysctl -n hw.memsize` (bytes, one integer), in GB of 2^30 bytes; null otherwise. */
export function parseSysctlMemsize(output: string): number | null {
  const text = output.trim();
  if (!/^\d+$/.test(text)) return null;
  const bytes = Number(text);
  return bytes > 0 ? bytes / BYTES_PER_GB : null;
}
