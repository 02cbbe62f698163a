import { FittedModelsSchema } from "./fitted-models.js";
import {
  EfficiencyMeansSchema,
  MultiAgentMeasurementsSchema,
  SerialFractionsSchema,
  ServiceTimesSchema,
  VramMeasurementsSchema,
} from "./measurements.js";
import { BackendsFileSchema, HardwareFileSchema, ModelsFileSchema, QuantsFileSchema } from "./registry.js";

/** Every data file's schema, by the name the loader asks for. Imported lazily: zod costs start-up time. */
export const SCHEMAS = {
  fitted_models: FittedModelsSchema,
  models: ModelsFileSchema,
  quants: QuantsFileSchema,
  backends: BackendsFileSchema,
  hardware: HardwareFileSchema,
  "measurements/vram": VramMeasurementsSchema,
  "measurements/multi-agent": MultiAgentMeasurementsSchema,
  "measurements/efficiency-means": EfficiencyMeansSchema,
  "measurements/serial-fractions": SerialFractionsSchema,
  "measurements/service-times": ServiceTimesSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** The validated type of each data file. */
export type SchemaOutput<N extends SchemaName> = (typeof SCHEMAS)[N]["_zod"]["output"];
