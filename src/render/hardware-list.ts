import type { HardwareEntry } from "../core/hardware-entries.js";
import { renderTable } from "./table.js";

/** A price's basis in a few words. */
const BASIS: Readonly<Record<string, string>> = {
  cloud_on_demand: "on demand",
  marketplace: "marketplace",
  serverless: "serverless",
  capacity_block: "capacity block",
  owned_amortised: "owned, amortised",
  tr133_appendix_b: "TR133 App. B",
};

/** The provider of a price, or the first words of its source. */
function provider(e: HardwareEntry): string {
  const p = e.price;
  if (!p) return "";
  const who = p.provider ?? p.source;
  return who.length > 28 ? `${who.slice(0, 27)}…` : who;
}

/** The GPU database as a table: figures, then each price's basis, provider and date. */
export function renderHardwareList(entries: readonly HardwareEntry[], columns: number | undefined): string {
  const rows = entries.map((e) => [
    e.name,
    e.vram_gb === e.memory_gb ? String(e.memory_gb) : `${e.vram_gb} of ${e.memory_gb}`,
    String(e.bandwidth_gbps),
    e.fp16_tflops === null ? "—" : String(e.fp16_tflops),
    e.cost_per_hour === null ? "—" : `$${e.cost_per_hour}`,
    e.price ? (BASIS[e.price.basis] ?? e.price.basis) : "no price",
    provider(e),
    e.price?.date ?? "",
  ]);
  const table = renderTable(rows, {
    head: ["GPU", "GB", "GB/s", "FP16 TFLOPS", "per hour", "basis", "provider", "date"],
    align: ["left", "right", "right", "right", "right", "left", "left", "left"],
    columns,
  });
  return `${table}\nPrices compare only on the same basis; 'list-hardware --json' has each price's full source. A GPU with no price needs --gpu-price.\n`;
}
