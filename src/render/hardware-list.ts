import type { HardwareEntry } from "../core/hardware-entries.js";
import { renderTable } from "./table.js";

/** The GPU database as a table. */
export function renderHardwareList(entries: readonly HardwareEntry[], columns: number | undefined): string {
  const rows = entries.map((e) => [
    e.reference ? `${e.name} (reference)` : e.name,
    String(e.vram_gb),
    String(e.bandwidth_gbps),
    `${e.bandwidth_ratio.toFixed(2)}×`,
    `$${e.cost_per_hour.toFixed(3)}`,
    `$${e.monthly_cost.toFixed(2)}`,
  ]);
  return (
    renderTable(rows, {
      head: ["GPU", "VRAM GB", "bandwidth GB/s", "vs reference", "per hour", "per month"],
      align: ["left", "right", "right", "right", "right", "right"],
      columns,
    }) + "\n"
  );
}
