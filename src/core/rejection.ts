/** The four gates in the order the search applies them, with the instance count between quality and latency. */
export const GATES = ["vram", "quality", "throughput", "latency", "budget"] as const;

export type Gate = (typeof GATES)[number];

/** How each gate is named to people ("throughput" is whether up to 16 GPUs can carry the load at all). */
export const GATE_LABELS: Readonly<Record<Gate, string>> = {
  vram: "VRAM",
  quality: "quality",
  throughput: "capacity",
  latency: "latency",
  budget: "budget",
};

/** A (model, quant, backend) a gate turned away: the predicted value and the limit it broke. */
export interface Rejection {
  model: string;
  quant: string;
  backend: string;
  gate: Gate;
  /** The prediction that failed: GB, quality score, tok/s demanded, p95 ms, or dollars per month. */
  value: number;
  /** The limit it failed against, in the same unit. */
  limit: number;
  /** GPUs of the deployment judged, for the latency and budget gates. */
  replicas?: number;
  /** Requests per GPU of the deployment judged. */
  concurrency?: number;
  /** One line a person can read, e.g. "VRAM 17.82 GB > 12 GB". */
  reason: string;
}

const fmt = (x: number, digits: number) => x.toFixed(digits);

/** The human reason for a rejection. */
export function rejectionReason(gate: Gate, value: number, limit: number, replicas?: number, maxReplicas?: number): string {
  const gpus = replicas === undefined ? "" : ` on ${replicas} GPU${replicas > 1 ? "s" : ""}`;
  switch (gate) {
    case "vram":
      return `VRAM ${fmt(value, 2)} GB > ${limit} GB`;
    case "quality":
      return `quality ${fmt(value, 3)} < ${limit} target`;
    case "throughput":
      return `needs ${(maxReplicas ?? 0) + 1}+ instances for ${fmt(value, 1)} tok/s (${maxReplicas} carry ${fmt(limit, 1)})`;
    case "latency":
      return `p95 ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "budget":
      return `$${fmt(value, 2)}/month > $${limit} budget${gpus}`;
  }
}
