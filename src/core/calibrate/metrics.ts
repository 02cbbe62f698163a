/**
 * What a calibration corrects: one request's decode speed, the prompt's processing speed, and the
 * throughput of a replica under load (concurrent requests).
 */
export const CALIBRATION_METRICS = ["decode", "prefill", "load"] as const;

export type CalibrationMetric = (typeof CALIBRATION_METRICS)[number];
