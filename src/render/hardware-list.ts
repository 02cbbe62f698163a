import type { HardwareEntry } from "../core/catalog/hardware-entries.js";
import { paragraph, renderTable } from "./table.js";

/** A price's basis in a few words. */
const BASIS: Readonly<Record<string, string>> = {
  cloud_on_demand: "on demand",
  marketplace: "marketplace",
  serverless: "serverless",
  capacity_block: "capacity block",
  owned_amortised: "owned, amortised",
  tr133_appendix_b: "TR133 App. B",
};

/** The GPU database as a table: figures, then each price's basis, provider and date. */
export function renderHardwareList(entries: readonly HardwareEntry[], columns: number | undefined): string {
  const rows = entries.map((e) => [
    e.name,
    e.vram_gb === e.memory_gb ? String(e.memory_gb) : `${e.vram_gb} of ${e.memory_gb}`,
    String(e.bandwidth_gbps),
    e.fp16_tflops === null ? "—" : String(e.fp16_tflops),
    e.price ? `$${e.price.usd_per_hour} ${BASIS[e.price.basis] ?? e.price.basis}` : "none: --gpu-price",
    e.price?.date ?? "",
  ]);
  const table = renderTable(rows, {
    head: ["GPU", "memory GB", "GB/s", "FP16 TFLOPS", "price per hour", "as of"],
    align: ["left", "right", "right", "right", "left", "left"],
    columns,
  });
  const note = paragraph(
    "Compare prices on the same basis. 'list-hardware --json' has each price's provider, source and date, and each figure's source. A GPU with no price needs --gpu-price <dollars per hour>.",
    columns,
  );
  return `${table}\n${note}\n`;
}
