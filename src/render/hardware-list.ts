import type { HardwareEntry } from "../core/catalog/hardware-entries.js";
import type { Price } from "../core/catalog/types.js";
import { paragraph, renderTable } from "./table.js";
import { priceBasisWords } from "./words.js";

/** The first price of each basis, the main one first: what plan --price-basis weighs the GPU at. */
function pricesByBasis(prices: readonly Price[]): string {
  const first = prices.filter((p, i) => prices.findIndex((q) => q.basis === p.basis) === i);
  return first.map((p) => `$${p.usd_per_hour} ${priceBasisWords(p.basis)}`).join(", ");
}

/** The GPU database as a table: figures, the first price on each basis, and the purchase price (board power and sources: --json). */
export function renderHardwareList(entries: readonly HardwareEntry[], columns: number | undefined): string {
  const rows = entries.map((e) => [
    e.name,
    e.vram_gb === e.memory_gb ? String(e.memory_gb) : `${e.vram_gb} of ${e.memory_gb}`,
    String(e.bandwidth_gbps),
    e.fp16_tflops === null ? "—" : String(e.fp16_tflops),
    e.prices.length === 0 ? "none" : pricesByBasis(e.prices),
    e.purchase === null ? "—" : `$${e.purchase.usd}`,
  ]);
  const table = renderTable(rows, {
    head: ["GPU", "memory GB", "GB/s", "FP16 TFLOPS", "per hour, each basis", "purchase"],
    align: ["left", "right", "right", "right", "left", "right"],
    columns,
  });
  const note = paragraph(
    "Per hour: the first price of each basis, the one plan --price-basis weighs the GPU at (marketplace: spot, interruptible, peer-to-peer and batch tiers); " +
      "owned hardware is priced from its purchase over --owned-years. 'list-hardware --json' has every price with its provider, source and date, board power and FP8 and FP4 TFLOPS, and each figure's source. " +
      "A GPU with no price is still planned alone (its costs unknown), or with --gpu-price <dollars per hour>.",
    columns,
  );
  return `${table}\n${note}\n`;
}
