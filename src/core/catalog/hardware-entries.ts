import { monthlyCost } from "../laws/cost.js";
import { round } from "../round.js";
import type { Gpu, Price } from "./types.js";

/** One GPU as `list-hardware --json` prints it. */
export interface HardwareEntry {
  name: string;
  aliases: readonly string[];
  platform: Gpu["platform"];
  segment: string | null;
  /** Device memory (Apple: unified memory), GB. */
  memory_gb: number;
  /** What a model may use of it, GB. */
  vram_gb: number;
  bandwidth_gbps: number;
  /** Dense FP16 tensor TFLOPS; null when unpublished. */
  fp16_tflops: number | null;
  fp8: boolean;
  interconnect: { kind: string; gbps: number | null } | null;
  /** The price per GPU-hour with its basis, source and date; null when none could be sourced. */
  price: Price | null;
  /** Dollars per hour and per month (24 × 30 hours); null without a price. */
  cost_per_hour: number | null;
  monthly_cost: number | null;
}

/** The GPU database as listed, with the monthly cost of each priced GPU. */
export function hardwareEntries(gpus: readonly Gpu[]): HardwareEntry[] {
  return gpus.map((g) => ({
    name: g.name,
    aliases: g.aliases,
    platform: g.platform,
    segment: g.segment ?? null,
    memory_gb: g.memory_gb,
    vram_gb: round(g.vram_gb, 2),
    bandwidth_gbps: g.bandwidth_gbps,
    fp16_tflops: g.fp16_tflops ?? null,
    fp8: g.fp8,
    interconnect: g.interconnect ?? null,
    price: g.price ?? null,
    cost_per_hour: g.usd_per_hour ?? null,
    monthly_cost: g.usd_per_hour === undefined ? null : round(monthlyCost(g.usd_per_hour), 2),
  }));
}
