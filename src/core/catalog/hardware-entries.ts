import { monthlyCost } from "../laws/cost.js";
import { round } from "../round.js";
import type { Gpu, Price, SourcedFigure } from "./types.js";

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
  /** Dense FP8 tensor TFLOPS with the accumulate its source states, and the source; null when unsourced. */
  fp8_tflops: (SourcedFigure & { accumulate?: "fp16" | "fp32" | undefined }) | null;
  /** Dense FP4 tensor TFLOPS and its source; null when unsourced or unsupported. */
  fp4_tflops: SourcedFigure | null;
  /** Board power (TDP, TGP or TBP), watts, and its source; null when unsourced. */
  board_power_w: SourcedFigure | null;
  /** The vendor's GPU boost clock, MHz, and its source; null when unsourced. */
  boost_clock_mhz: SourcedFigure | null;
  /** The link's generation and GB/s per direction (null: the kind's nominal rate), and its source. */
  interconnect: { kind: string; gbps: number | null; source: string | null } | null;
  /** The main price per GPU-hour with its basis, source and date; null when none could be sourced. */
  price: Price | null;
  /** Every sourced price, the main one first, each with its basis. */
  prices: readonly Price[];
  /** What it cost to buy, with its source and date (null: the source gives no day); null when unsourced. */
  purchase: { usd: number; source: string; date: string | null; date_note: string | null } | null;
  /** The main price in dollars per hour and per month (24 × 30 hours); null without a price. */
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
    fp8_tflops: g.sources?.fp8Tflops ?? null,
    fp4_tflops: g.sources?.fp4Tflops ?? null,
    board_power_w: g.sources?.boardPowerW ?? null,
    boost_clock_mhz: g.sources?.boostClockMhz ?? null,
    interconnect: g.interconnect ? { kind: g.interconnect.kind, gbps: g.interconnect.gbps, source: g.sources?.interconnect ?? null } : null,
    price: g.price ?? null,
    prices: g.prices ?? [],
    purchase: g.purchase ? { usd: g.purchase.usd, source: g.purchase.source, date: g.purchase.date, date_note: g.purchase.dateNote ?? null } : null,
    cost_per_hour: g.usd_per_hour ?? null,
    monthly_cost: g.usd_per_hour === undefined ? null : round(monthlyCost(g.usd_per_hour), 2),
  }));
}
