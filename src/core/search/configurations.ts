import type { ConfigPredictions } from "../engines/engine.js";
import { modelsForSize } from "../model/size-class.js";
import { speculationProblem } from "./speculation.js";
import type { BackendSpec, Catalog, ModelSpec, Scenario, QuantLevel } from "../catalog/types.js";

/** A configuration before anything is predicted of it. */
export interface Configuration {
  model: ModelSpec;
  quant: QuantLevel;
  backend: BackendSpec;
  /** GPUs per replica. */
  gpusPerReplica: number;
}

/**
 * Every configuration the request asks for, in search order, unpredicted (see configurations); `skip`
 * leaves out every configuration of a model in a format at once.
 */
export function* candidates(
  catalog: Catalog,
  request: Scenario,
  models: readonly ModelSpec[] = modelsForSize(catalog.models, request.sizeClass),
  skip?: (model: ModelSpec, quant: QuantLevel) => boolean,
): Generator<Configuration> {
  for (const model of models) {
    // Speculation as asked that cannot apply to a model (no MTP heads, a draft of another vocabulary) leaves the model out.
    if (request.speculation && speculationProblem(model, request.speculation)) continue;
    for (const quant of request.quants ?? catalog.quants) {
      if (model.quants && !model.quants.includes(quant.name)) continue;
      if (skip?.(model, quant)) continue;
      for (const backend of request.backends ?? catalog.backends) {
        if (!catalog.engine.serves(backend, quant, request.gpu, request)) continue;
        for (const gpus of catalog.engine.replicaSizes(model, quant, backend, request)) yield { model, quant, backend, gpusPerReplica: gpus };
      }
    }
  }
}

/**
 * Every (model, quant, backend, GPUs per replica) the request asks the search to consider, in search
 * order, with its deployment-independent predictions; a quant the backend does not serve on this GPU (or
 * with this KV cache type) is no configuration.
 */
export function* configurations(
  catalog: Catalog,
  request: Scenario,
  models: readonly ModelSpec[] = modelsForSize(catalog.models, request.sizeClass),
): Generator<ConfigPredictions> {
  for (const c of candidates(catalog, request, models)) yield catalog.engine.configure(c.model, c.quant, c.backend, request, c.gpusPerReplica);
}
