import type { GpuEntry } from "../../schema/registry.js";
import type { Gpu, Platform, PricedGpu } from "../catalog/types.js";

/** A database entry as the planner uses it: the memory a model may use, its prices, and the price per hour if known. */
export function gpuFromEntry(entry: GpuEntry): Gpu {
  const prices = entry.price ? [entry.price, ...(entry.alt_prices ?? [])] : [];
  const fp8 = entry.fp8_tflops;
  return {
    name: entry.name,
    aliases: entry.aliases ?? [],
    platform: entry.vendor,
    segment: entry.segment,
    memory_gb: entry.memory_gb,
    vram_gb: entry.memory_gb * (entry.usable_memory_fraction ?? 1),
    bandwidth_gbps: entry.bandwidth_gbps,
    fp16_tflops: entry.fp16_tflops ?? undefined,
    fp16_acc_tflops: entry.fp16_acc_tflops,
    fp8: entry.fp8 ?? false,
    // FP8 serving kernels accumulate in FP32: a figure with FP16 accumulate (a GeForce headline) is twice their rate.
    fp8Tflops: fp8?.accumulate === "fp32" ? fp8.value : undefined,
    fp4Tflops: entry.fp4_tflops?.value,
    boardPowerW: entry.board_power_w?.value,
    boostClockMhz: entry.boost_clock_mhz?.value,
    purchase: entry.purchase && {
      usd: entry.purchase.usd,
      source: entry.purchase.source,
      date: entry.purchase.date,
      dateNote: entry.purchase.date_note,
    },
    interconnect: entry.interconnect && { kind: entry.interconnect.kind, gbps: entry.interconnect.gbps },
    price: entry.price ?? undefined,
    prices,
    sources: {
      fp8Tflops: fp8,
      fp4Tflops: entry.fp4_tflops,
      boardPowerW: entry.board_power_w,
      boostClockMhz: entry.boost_clock_mhz,
      interconnect: entry.interconnect?.source,
    },
    usd_per_hour: entry.price?.usd_per_hour,
  };
}

/** A GPU described only by its figures (--gpu-memory, --gpu-bandwidth and friends). */
export interface GpuFigures {
  /** Its name (default: its figures). */
  name?: string | undefined;
  memoryGb: number;
  bandwidthGbps: number;
  tflops?: number | undefined;
  costPerHour?: number | undefined;
  platform?: Platform | undefined;
  fp8?: boolean | undefined;
}

/** The GPU a user describes by its figures: of unknown platform unless given, named after them unless named. */
export function customGpu(f: GpuFigures): Gpu {
  return {
    name: f.name ?? `custom GPU (${f.memoryGb} GB, ${f.bandwidthGbps} GB/s)`,
    aliases: [],
    platform: f.platform ?? "any",
    memory_gb: f.memoryGb,
    vram_gb: f.memoryGb,
    bandwidth_gbps: f.bandwidthGbps,
    fp16_tflops: f.tflops,
    fp8: f.fp8 ?? false,
    usd_per_hour: f.costPerHour,
  };
}

/** The GPU with a price: its own, or `override` (which wins); undefined when neither exists. */
export function priced(gpu: Gpu, override?: number): PricedGpu | undefined {
  const cost = override ?? gpu.usd_per_hour;
  return cost === undefined ? undefined : { ...gpu, usd_per_hour: cost };
}
