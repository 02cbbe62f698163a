import { priced } from "../core/hardware/gpu.js";
import { lookupGpu } from "../core/hardware/gpu-lookup.js";
import type { Gpu, PricedGpu } from "../core/catalog/types.js";
import { UsageError } from "../errors.js";

/** The GPU a --hardware value names, or a UsageError listing the names it could have meant. */
function resolveGpu(gpus: readonly Gpu[], query: string): Gpu {
  const found = lookupGpu(gpus, query);
  if (found.kind === "found") return found.item;
  const prefix = `option '--hardware <gpu>' argument '${query}'`;
  if (found.kind === "ambiguous") {
    throw new UsageError(`${prefix} is ambiguous: it matches ${found.matches.map((g) => `"${g.name}"`).join(", ")}.`);
  }
  const closest = found.closest.map((g) => `"${g.name}"`).join(", ");
  throw new UsageError(`${prefix} is not a known GPU. Closest: ${closest} (see 'chimeraforge list-hardware').`);
}

/** The GPUs a --hardware value names: one, a comma-separated list, or "all". */
export function resolveGpus(gpus: readonly Gpu[], query: string): Gpu[] {
  if (query.trim().toLowerCase() === "all") return [...gpus];
  const names = query.split(",").map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) throw new UsageError(`option '--hardware <gpu>' argument '${query}' names no GPU.`);
  const resolved = names.map((n) => resolveGpu(gpus, n));
  return resolved.filter((g, i) => resolved.indexOf(g) === i);
}

/** A GPU with its price (or --gpu-price, which wins); a GPU without either is a UsageError saying what to give. */
export function requirePrice(gpu: Gpu, override: number | undefined): PricedGpu {
  const withPrice = priced(gpu, override);
  if (withPrice) return withPrice;
  throw new UsageError(
    `GPU "${gpu.name}" has no sourced price per hour: give one with --gpu-price <dollars per hour> (see 'chimeraforge list-hardware').`,
  );
}
