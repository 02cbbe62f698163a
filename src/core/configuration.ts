import type { ConfigPredictions } from "./engine.js";
import { modelsForSize } from "./size-class.js";
import type { Catalog, ModelSpec, PlanRequest } from "./types.js";

/**
 * Every (model, quant, backend) the request asks the search to consider, in search order, with its
 * deployment-independent predictions; a quant the backend does not serve on this GPU is no configuration.
 */
export function* configurations(
  catalog: Catalog,
  request: PlanRequest,
  models: readonly ModelSpec[] = modelsForSize(catalog.models, request.sizeClass),
): Generator<ConfigPredictions> {
  for (const model of models) {
    for (const quant of catalog.quants) {
      for (const backend of catalog.backends) {
        if (!catalog.engine.serves(backend, quant, request.gpu)) continue;
        yield catalog.engine.configure(model, quant, backend.name, request);
      }
    }
  }
}
