import { physicsEngine, type PhysicsSections } from "../core/engines/physics.js";
import { mostThroughput } from "../core/validation/throughput-at-load.js";
import type { BackendSpec, FittedModels, ModelSpec, QuantLevel } from "../core/catalog/types.js";
import type { ThroughputMeasurements } from "../schema/measurements.js";
import type { ScaleFit } from "./fit-serving.js";

/** The throughput rows marked used_in_fit as a loss over the batching engines' per-sequence time. */
export function scaleFit(
  file: ThroughputMeasurements,
  fitted: FittedModels & PhysicsSections,
  resolve: (p: { model: string; quant: string; backend: string }) => { model: ModelSpec; quant: QuantLevel; backend: BackendSpec } | undefined,
): ScaleFit {
  const rows = file.points.flatMap((p) => {
    const r = p.used_in_fit ? resolve(p) : undefined;
    return r ? [{ p, ...r }] : [];
  });
  const batching = Object.keys(fitted.serving_v2.backends).filter((b) => fitted.serving_v2.backends[b]!.mechanism === "batching");
  const loss = (sequenceMs: number) => {
    const backends = Object.fromEntries(Object.entries(fitted.serving_v2.backends).map(([k, b]) => [k, batching.includes(k) ? { ...b, sequence_ms: sequenceMs } : b]));
    const engine = physicsEngine({ ...fitted, serving_v2: { ...fitted.serving_v2, backends } });
    return rows.reduce((s, r) => s + Math.log((mostThroughput(engine, r.p, r.model, r.quant, r.backend) ?? NaN) / r.p.total_tps) ** 2, 0);
  };
  return { loss, n: rows.length, models: [...new Set(rows.map((r) => r.model.name))] };
}
