import { monthlyCost } from "./cost.js";
import { round } from "./round.js";
import type { Gpu } from "./types.js";

/** One GPU as `list-hardware --json` prints it. */
export interface HardwareEntry {
  name: string;
  vram_gb: number;
  bandwidth_gbps: number;
  cost_per_hour: number;
  monthly_cost: number;
  /** Bandwidth relative to the reference GPU: the factor measured throughput is scaled by. */
  bandwidth_ratio: number;
  reference: boolean;
}

/** The GPU database with derived monthly cost and bandwidth ratio. */
export function hardwareEntries(gpus: readonly Gpu[], referenceGpu: string): HardwareEntry[] {
  const referenceBandwidth = gpus.find((g) => g.name === referenceGpu)?.bandwidth_gbps ?? 1;
  return gpus.map((g) => ({
    name: g.name,
    vram_gb: g.vram_gb,
    bandwidth_gbps: g.bandwidth_gbps,
    cost_per_hour: g.cost_per_hour,
    monthly_cost: round(monthlyCost(g.cost_per_hour), 2),
    bandwidth_ratio: round(g.bandwidth_gbps / referenceBandwidth, 2),
    reference: g.name === referenceGpu,
  }));
}
