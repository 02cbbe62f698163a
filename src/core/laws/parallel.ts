import type { BackendSpec, Gpu, ModelSpec } from "../catalog/types.js";
import { own } from "../own.js";

/**
 * How one replica spans its GPUs: alone, every layer sharded over them, or whole layers on each in turn;
 * with `expertParallel`, a tensor split whose mixture-of-experts layers place each expert whole on one GPU.
 */
export interface Parallelism {
  gpusPerReplica: number;
  split: "none" | "tensor" | "layer";
  expertParallel?: boolean | undefined;
}

/** One GPU, no split. */
export const SINGLE: Parallelism = { gpusPerReplica: 1, split: "none" };

/** The GPU counts tensor parallelism and layer splits are run with. */
export const SPLIT_SIZES = [1, 2, 4, 8] as const;

/**
 * Per-direction GB/s of a link kind the database gives no figure for: PCIe 4 and 5 ×16 as stas00's
 * ml-engineering tables give them (31 and 63), PCIe 3 half of PCIe 4's (each generation doubles).
 */
const NOMINAL_LINK_GBPS: Readonly<Record<string, number>> = { pcie3: 15.5, pcie4: 31, pcie5: 63 };

/** The link a GPU described only by its figures is assumed to have. */
const ASSUMED_LINK = { kind: "pcie4", gbps: 31 } as const;

/** GB/s per direction between the GPUs of one replica; 0 when they cannot be joined (Apple, laptops). */
export function linkGbps(gpu: Pick<Gpu, "interconnect">): number {
  const link = gpu.interconnect ?? ASSUMED_LINK;
  if (link.kind === "none") return 0;
  return link.gbps ?? own(NOMINAL_LINK_GBPS, link.kind) ?? ASSUMED_LINK.gbps;
}

/** How `backend` runs a model over `gpus` GPUs of this kind, or undefined when it cannot. */
export function parallelismFor(backend: Pick<BackendSpec, "split">, gpu: Pick<Gpu, "interconnect">, gpus: number): Parallelism | undefined {
  if (gpus === 1) return SINGLE;
  if (!backend.split || linkGbps(gpu) === 0) return undefined;
  return { gpusPerReplica: gpus, split: backend.split };
}

/** The share of the KV cache each GPU holds: a tensor split cannot shard fewer KV heads than GPUs, so they repeat. */
export function kvShare(model: Pick<ModelSpec, "n_kv_heads">, p: Parallelism): number {
  if (p.split === "tensor") return 1 / Math.min(p.gpusPerReplica, model.n_kv_heads);
  return 1 / p.gpusPerReplica;
}

/** The share of the weights each GPU holds. */
export function weightShare(p: Parallelism): number {
  return 1 / p.gpusPerReplica;
}
