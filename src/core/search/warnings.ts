/** Stable identifiers of the planner's warnings. */
type WarningCode =
  | "saturated"
  | "quality_concerning"
  | "quality_unknown"
  | "many_instances"
  | "vram_headroom"
  | "concurrency_extrapolated"
  | "context_beyond_window"
  | "throughput_capped"
  | "prefill_unknown"
  | "size_class_substituted";

/** A warning about a recommended configuration: a stable code and the reference's text. */
export interface PlanWarning {
  code: WarningCode;
  message: string;
}

/** More instances than this and the scaling prediction is directional only (TR133 SS14.2). */
export const MANY_INSTANCES = 8;

/** VRAM above this share of the GPU risks OOM on longer inputs (TR133 SS10.4). */
export const VRAM_HEADROOM = 0.9;
