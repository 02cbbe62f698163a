/** A warning about a configuration, as data: a stable code and the figures behind it (the words are the renderer's). */
export type PlanWarning =
  /** Offered load above the safety share of what the deployment carries. */
  | { code: "saturated"; utilisation: number; limit: number }
  /** The format costs the model 10 to 15 points of quality against FP16. */
  | { code: "quality_concerning"; tier: "concerning" }
  /** Quality never measured on TR124/TR125: the gate let it through (`assumed`: the reference's 0.5, else none). */
  | { code: "quality_unknown"; assumed: number | null }
  /** No TR124/TR125 score: the quality gate judged the published benchmark's score against its own target instead. */
  | { code: "quality_published_gate"; benchmark: string; score: number; target: number; source: "measured" | "estimated" }
  /** More GPUs than the scaling laws were measured on. */
  | { code: "many_gpus"; gpus_billed: number; limit: number }
  /** VRAM per GPU above the headroom share of the GPU. */
  | { code: "vram_headroom"; vram_share: number; limit: number }
  /** More requests per replica than the scaling law was measured at. */
  | { code: "concurrency_extrapolated"; concurrency: number; measured: number }
  /** A context beyond the model's trained window (the reference only; the physics refuses it). */
  | { code: "context_beyond_window"; context_length: number; window: number }
  /** A decode speed cut to bandwidth over the active weights. */
  | { code: "throughput_capped"; ceiling_tps: number }
  /** The GPU publishes no TFLOPS: the prompt's prefill counts only one pass over the weights. */
  | { code: "prefill_unknown"; gpu: string }
  /** The replica simulator's figures miss latency gates the analytic model met: ranked after those that pass. */
  | { code: "simulation_misses_slo"; gates: ("latency" | "ttft" | "tpot")[]; percentile: number }
  /** No model was within the size class: this one is the closest. */
  | { code: "size_class_substituted"; size_class: string; params_b: number }
  /** The backend has no prefix cache: the prefix cache hit rate and shared prefix were ignored. */
  | { code: "prefix_cache_unsupported"; backend: string }
  /** The backend caches a prompt per slot (llama.cpp, Ollama): a shared prefix's computation is saved, but every slot holds its KV. */
  | { code: "prefix_kv_per_slot"; backend: string }
  /** An unpublished weight format of a model published in others only (predict): no checkpoint to serve may exist. */
  | { code: "format_unpublished"; published: string[] };

/** More GPUs than this and the scaling prediction is directional only (TR133 SS14.2). */
export const MANY_GPUS = 8;

/** VRAM above this share of the GPU risks OOM on longer inputs (TR133 SS10.4). */
export const VRAM_HEADROOM = 0.9;
