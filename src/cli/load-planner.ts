import { createPlanner, type Planner } from "../core/planner/planner.js";
import { loadCatalog } from "../data/load-catalog.js";

/** The planner over the data in `dataDir` (another coefficient file and a calibration, if given): loaded and validated once. */
export async function loadPlanner(dataDir: string, modelsPath?: string, calibration?: string): Promise<Planner> {
  return createPlanner(await loadCatalog({ dataDir, modelsPath, calibration }));
}
