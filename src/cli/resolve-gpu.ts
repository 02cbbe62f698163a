import { lookupGpu } from "../core/gpu-lookup.js";
import type { Gpu } from "../core/types.js";
import { UsageError } from "../errors.js";

/** The GPU a --hardware value names, or a UsageError listing the names it could have meant. */
export function resolveGpu(gpus: readonly Gpu[], query: string): Gpu {
  const found = lookupGpu(gpus, query);
  if (found.kind === "found") return found.gpu;
  const prefix = `option '--hardware <gpu>' argument '${query}'`;
  if (found.kind === "ambiguous") {
    throw new UsageError(`${prefix} is ambiguous: it matches ${found.matches.map((g) => `"${g.name}"`).join(", ")}.`);
  }
  const closest = found.closest.map((g) => `"${g.name}"`).join(", ");
  throw new UsageError(`${prefix} is not a known GPU. Closest: ${closest} (see 'chimeraforge list-hardware').`);
}
