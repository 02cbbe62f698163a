import { kvElements } from "../model/architecture.js";
import { round } from "../round.js";
import type { ModelSpec } from "./types.js";

/** One model as `list-models --json` prints it. */
export interface ModelEntryView {
  name: string;
  /** Other names it answers to: the Hugging Face id, the Ollama tag. */
  aliases: readonly string[];
  family: string;
  /** Every parameter, billions (computed from the architecture). */
  params_b: number;
  /** Parameters one token uses, billions: the same as params_b for a dense model. */
  active_params_b: number;
  /** The counts the publisher states, billions; null when not recorded. */
  published_params_b: number | null;
  published_active_params_b: number | null;
  n_layers: number;
  n_kv_heads: number;
  d_head: number;
  hidden_size: number;
  context_window: number;
  /** Routed experts in all and per token; null for a dense model. */
  experts: { total: number; per_token: number } | null;
  /** FP16 KV cache per token of context, KiB (sliding-window layers counted at full length). */
  kv_kib_per_token: number;
  source: string | null;
}

/** The registry as listed. */
export function modelEntries(models: readonly ModelSpec[]): ModelEntryView[] {
  return models.map((m) => ({
    name: m.name,
    aliases: m.aliases,
    family: m.family,
    params_b: round(m.params_b, 3),
    active_params_b: round(m.active_params_b, 3),
    published_params_b: m.published_params_b ?? null,
    published_active_params_b: m.published_active_params_b ?? null,
    n_layers: m.n_layers,
    n_kv_heads: m.n_kv_heads,
    d_head: m.d_head,
    hidden_size: m.hidden_size,
    context_window: m.context_window,
    experts: m.experts ? { total: m.experts.total, per_token: m.experts.perToken } : null,
    kv_kib_per_token: round((kvElements(m.kv.map((g) => ({ ...g, window: undefined })), 1) * 2) / 1024, 2),
    source: m.source ?? null,
  }));
}
