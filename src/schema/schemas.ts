import { ApiPricesFileSchema } from "./api-prices.js";
import { EnginesFileSchema } from "./engines.js";
import { CalibrationFileSchema } from "./calibration.js";
import { FittedModelsSchema } from "./fitted-models.js";
import {
  DecodeMeasurementsSchema,
  EfficiencyMeansSchema,
  PrefillMeasurementsSchema,
  ServingMeasurementsSchema,
  ThroughputMeasurementsSchema,
  MultiAgentMeasurementsSchema,
  SerialFractionsSchema,
  ServiceTimesSchema,
  VramMeasurementsSchema,
} from "./measurements.js";
import { QualityPublishedFileSchema } from "./quality-published.js";
import { SpeculativeFileSchema } from "./speculative.js";
import { BackendsFileSchema, HardwareFileSchema, ModelsFileSchema, QuantsFileSchema } from "./registry.js";
import { WorkloadsFileSchema } from "./workloads.js";

/** Every data file's schema, by the name the loader asks for. Imported lazily: zod costs start-up time. */
export const SCHEMAS = {
  fitted_models: FittedModelsSchema,
  models: ModelsFileSchema,
  quants: QuantsFileSchema,
  backends: BackendsFileSchema,
  hardware: HardwareFileSchema,
  engines: EnginesFileSchema,
  "quality-published": QualityPublishedFileSchema,
  workloads: WorkloadsFileSchema,
  "api-prices": ApiPricesFileSchema,
  speculative: SpeculativeFileSchema,
  "measurements/vram": VramMeasurementsSchema,
  "measurements/multi-agent": MultiAgentMeasurementsSchema,
  "measurements/efficiency-means": EfficiencyMeansSchema,
  "measurements/serial-fractions": SerialFractionsSchema,
  "measurements/service-times": ServiceTimesSchema,
  "measurements/decode": DecodeMeasurementsSchema,
  "measurements/prefill": PrefillMeasurementsSchema,
  "measurements/throughput": ThroughputMeasurementsSchema,
  "measurements/serving": ServingMeasurementsSchema,
  /** A user's calibration file (chimeraforge calibrate --out); none ships. */
  calibration: CalibrationFileSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** The validated type of each data file. */
export type SchemaOutput<N extends SchemaName> = (typeof SCHEMAS)[N]["_zod"]["output"];

/** Every shipped data file, by its path under data/, and the schema it is validated against. */
export const DATA_FILES = {
  "fitted_models.json": "fitted_models",
  "models.json": "models",
  "quants.json": "quants",
  "backends.json": "backends",
  "hardware.json": "hardware",
  "engines.json": "engines",
  "quality-published.json": "quality-published",
  "workloads.json": "workloads",
  "api-prices.json": "api-prices",
  "speculative.json": "speculative",
  "reference/fitted_models.tr133.json": "fitted_models",
  "reference/models.json": "models",
  "reference/quants.json": "quants",
  "reference/backends.json": "backends",
  "reference/hardware.json": "hardware",
  "measurements/vram.json": "measurements/vram",
  "measurements/multi-agent.json": "measurements/multi-agent",
  "measurements/efficiency-means.json": "measurements/efficiency-means",
  "measurements/serial-fractions.json": "measurements/serial-fractions",
  "measurements/service-times.json": "measurements/service-times",
  "measurements/decode.json": "measurements/decode",
  "measurements/prefill.json": "measurements/prefill",
  "measurements/throughput.json": "measurements/throughput",
  "measurements/serving.json": "measurements/serving",
} as const satisfies Record<string, SchemaName>;

export type DataFile = keyof typeof DATA_FILES;
