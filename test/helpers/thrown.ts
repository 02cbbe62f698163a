import { ChimeraforgeError } from "../../src/core/planner/errors.js";

/** The ChimeraforgeError `f` throws (any other error is rethrown; none is a failure). */
export function thrown(f: () => unknown): ChimeraforgeError {
  try {
    f();
  } catch (error) {
    if (error instanceof ChimeraforgeError) return error;
    throw error;
  }
  throw new Error("did not throw");
}
