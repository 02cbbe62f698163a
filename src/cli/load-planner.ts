import { createPlanner, type Planner } from "../core/planner/planner.js";
import { loadCatalog } from "../data/load-catalog.js";

/** The planner over the data in `dataDir` (and another coefficient file, if given): loaded and validated once. */
export async function loadPlanner(dataDir: string, modelsPath?: string): Promise<Planner> {
  return createPlanner(await loadCatalog({ dataDir, modelsPath }));
}
