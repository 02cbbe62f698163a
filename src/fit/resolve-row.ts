import type { ModelSpec, QuantLevel } from "../core/catalog/types.js";

/** The registry and the measured models' configs, where a measurement's model and quant are looked up. */
export interface MeasuredWorld {
  models: readonly ModelSpec[];
  quants: readonly QuantLevel[];
  measuredModels: readonly ModelSpec[];
}

/**
 * A measurement row's model (the registry's, else data/measurements/configs/'s) and quant, or an error
 * naming the file, the row and the field.
 */
export function resolveRow(file: string, index: number, row: { model: string; quant: string }, world: MeasuredWorld): { model: ModelSpec; quant: QuantLevel } {
  const model = world.models.find((m) => m.name === row.model) ?? world.measuredModels.find((m) => m.name === row.model);
  const quant = world.quants.find((q) => q.name === row.quant);
  if (!model) throw new Error(`${file}: points.${index}.model: "${row.model}" is in neither models.json nor measurements/configs/`);
  if (!quant) throw new Error(`${file}: points.${index}.quant: "${row.quant}" is not a quant of quants.json`);
  return { model, quant };
}
