import type { ConfigPredictions } from "./engine.js";
import { modelsForSize } from "./size-class.js";
import type { Catalog, ModelSpec, PlanRequest } from "./types.js";

/**
 * Every (model, quant, backend, GPUs per replica) the request asks the search to consider, in search
 * order, with its deployment-independent predictions; a quant the backend does not serve on this GPU (or
 * with this KV cache type) is no configuration.
 */
export function* configurations(
  catalog: Catalog,
  request: PlanRequest,
  models: readonly ModelSpec[] = modelsForSize(catalog.models, request.sizeClass),
): Generator<ConfigPredictions> {
  for (const model of models) {
    for (const quant of catalog.quants) {
      for (const backend of catalog.backends) {
        if (!catalog.engine.serves(backend, quant, request.gpu, request)) continue;
        for (const gpus of catalog.engine.replicaSizes(model, quant, backend, request)) {
          yield catalog.engine.configure(model, quant, backend, request, gpus);
        }
      }
    }
  }
}
