/**
 * The gates in the order the search applies them: the context fits the model's trained window (the
 * physics only), VRAM, quality, capacity (whether the most GPUs allowed carry the load at all), the p95
 * latency SLO, the time-to-first-token SLO (when one is asked for) and the budget.
 */
export const GATES = ["context", "vram", "quality", "capacity", "latency", "ttft", "budget"] as const;

export type Gate = (typeof GATES)[number];

/** The gates a request meets: the context gate with the physics only, the first-token and budget gates only when asked for. */
export function gatesOf(gatesContext: boolean, request: { ttftSloMs?: number | undefined; budget?: number | undefined }): Gate[] {
  return GATES.filter(
    (g) =>
      (g !== "context" || gatesContext) &&
      (g !== "ttft" || request.ttftSloMs !== undefined) &&
      (g !== "budget" || request.budget === undefined || Number.isFinite(request.budget)),
  );
}

/** How each gate is named to people. */
export const GATE_LABELS: Readonly<Record<Gate, string>> = {
  context: "context",
  vram: "VRAM",
  quality: "quality",
  capacity: "capacity",
  latency: "latency",
  ttft: "first token",
  budget: "budget",
};

/** A (model, quant, backend) a gate turned away: the predicted value and the limit it broke. */
export interface Rejection {
  model: string;
  quant: string;
  backend: string;
  /** GPUs per replica the configuration was judged on. */
  tensor_parallel: number;
  gate: Gate;
  /** The prediction that failed: tokens, GB, quality score, tok/s demanded, p95 ms, or dollars per month; null for a quality never measured. */
  value: number | null;
  /** The limit it failed against, in the same unit. */
  limit: number;
  /** Replicas of the deployment judged, for the latency and budget gates. */
  replicas?: number;
  /** Requests per GPU of the deployment judged. */
  concurrency?: number;
  /** One line a person can read, e.g. "VRAM 17.82 GB > 12 GB". */
  reason: string;
}

const fmt = (x: number, digits: number) => x.toFixed(digits);

/** The human reason for a rejection. */
export function rejectionReason(gate: Gate, value: number | null, limit: number, replicas?: number, maxReplicas?: number): string {
  if (value === null) return `quality never measured (--unknown-quality reject)`;
  const gpus = replicas === undefined ? "" : ` on ${replicas} GPU${replicas > 1 ? "s" : ""}`;
  switch (gate) {
    case "context":
      return `context ${value} tokens > the model's ${limit}-token window`;
    case "vram":
      return `VRAM ${fmt(value, 2)} GB > ${limit} GB`;
    case "quality":
      return `quality ${fmt(value, 3)} < ${limit} target`;
    case "capacity":
      return `needs more than ${maxReplicas} GPUs for ${fmt(value, 1)} tok/s (${maxReplicas} carry ${fmt(limit, 1)})`;
    case "latency":
      return `p95 ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "ttft":
      return `p95 first token ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "budget":
      return `$${fmt(value, 2)}/month > $${limit} budget${gpus}`;
  }
}
