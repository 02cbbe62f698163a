import * as z from "zod/mini";
import { KV_DTYPES, PLATFORMS, PRICE_BASIS_CHOICES, WORKLOADS, type KvDtype, type Platform, type PriceBasisChoice, type WorkloadName } from "../kinds.js";
import { BOUNDS, describeBounds, withinBounds, type Bounds } from "./bounds.js";
import { PERCENTILES } from "../laws/queue.js";
import { ARRIVAL_EXPECTED, parseArrival } from "../simulate/arrival-spec.js";
import { parseSpeculative, SPECULATIVE_EXPECTED } from "../search/speculation.js";
import type { FleetGroupRequest } from "./fleet-spec.js";

/** A model described by its shape, without a config.json (or overriding one). */
export interface ModelShape {
  /** Parameters, billions. */
  paramsB: number;
  nLayers: number;
  nKvHeads: number;
  headDim: number;
  hiddenSize: number;
  /** The context it was trained for, tokens. */
  contextWindow?: number;
}

/** A GPU described by its figures, for one the database does not have. */
export interface GpuFigures {
  /** What to call it (default: its figures, "custom GPU (24 GB, 936 GB/s)"). */
  name?: string;
  memoryGb: number;
  bandwidthGbps: number;
  /** Dense FP16 tensor TFLOPS. */
  fp16Tflops?: number;
  /** Whose kernels it runs, for the fitted efficiencies (default: fitted over every platform). */
  platform?: Platform;
  usdPerHour?: number;
}

/** What plan and predict share: the model described, the GPU, the workload and its limits. */
export interface SharedRequest {
  /** A Hugging Face config.json, parsed: that architecture. */
  modelConfig?: Record<string, unknown>;
  /** What to call a model given by modelConfig or modelShape. */
  modelName?: string;
  /** The shape of a model without a config.json, or overrides of one. */
  modelShape?: Partial<ModelShape>;
  /** GPU names of the database (case and punctuation do not matter, a unique part is enough); "all". */
  hardware?: string | string[];
  /** A GPU outside the database, by its figures. */
  gpu?: GpuFigures;
  /** Dollars per GPU-hour, overriding the database's price. */
  gpuUsdPerHour?: number;
  /**
   * Which prices a GPU is weighed at: on demand (the default), marketplace, owned (its purchase over
   * ownedYears), or any (each GPU's main price). A plan over several GPUs leaves out those without one.
   */
  priceBasis?: PriceBasisChoice;
  /** Years owned hardware's purchase is spread over (default 3). */
  ownedYears?: number;
  /** Dollars per kWh: owned hardware's cost then adds the energy it draws. */
  electricityUsdPerKwh?: number;
  /** Requests per second. */
  requestRate?: number;
  /** A workload preset: the prompt and output tokens of a published trace's typical request, where not given. */
  workload?: WorkloadName;
  /** Input tokens per request. */
  promptTokens?: number;
  /** Output tokens per request. */
  outputTokens?: number;
  /** What each request's KV cache holds at most: its prompt and output, tokens. */
  contextLength?: number;
  /** Latency to the last token at `percentile`, milliseconds. */
  latencySloMs?: number;
  /** Time to the first token at `percentile`, milliseconds. */
  ttftSloMs?: number;
  /** Time per output token after the first at `percentile`, milliseconds. */
  tpotSloMs?: number;
  /** The percentile the latency SLOs apply at (default 95). */
  percentile?: 50 | 90 | 95 | 99;
  /**
   * How requests arrive, for the replica simulator: "poisson" (the default at a request rate), "gamma:<cv>"
   * (bursty above 1), "closed:<users>" (each sends its next request when its last completes; predict's
   * default with a concurrency and no rate) or "burst:<n>" (n at once).
   */
  arrival?: string;
  /** Requests with their own arrival times and lengths, for the simulator (instead of `arrival`). */
  trace?: TraceRequest[];
  /** The simulator's seed: the same seed gives the same figures (default 1). */
  seed?: number;
  /** Lowest acceptable quality score, 0 to 1, on the TR124/TR125 scale. */
  qualityTarget?: number;
  /** Lowest acceptable score on the published benchmark (0 to 1, its scale), for configurations without a TR124/TR125 score. */
  publishedQualityTarget?: number;
  /** What the quality gate does with a quality never measured. */
  unknownQuality?: "pass" | "reject";
  /** Highest monthly cost, dollars. */
  budgetUsdPerMonth?: number;
  /** The KV cache's data type. */
  kvDtype?: KvDtype;
  /**
   * Expert parallelism: a mixture of experts split over several GPUs places each expert whole on one GPU
   * (vLLM's --enable-expert-parallel, SGLang's --expert-parallel-size), attention staying tensor parallel.
   * Backends that do not run it are left out; a dense model is split as before.
   */
  expertParallel?: boolean;
  /**
   * The share of prompt tokens the backend's prefix cache serves (0 to 1): they are read as KV, not
   * computed. Default: sharedPrefixTokens over the prompt, else 0. A backend without a prefix cache ignores it.
   */
  prefixCacheHitRate?: number;
  /** Tokens of a prefix every request shares (a system prompt): cached, and held once per replica where the backend shares cached blocks. */
  sharedPrefixTokens?: number;
  /** Hidden reasoning tokens per request: generated (decode time, KV, cost) before the output, and not delivered. */
  reasoningTokens?: number;
  /** Speculative decoding: "draft:<model>" (a registry model drafts), "eagle" (an EAGLE head) or "mtp" (the model's multi-token prediction heads). */
  speculative?: string;
  /** The acceptance rate of a drafted token, 0 to 1 (default: the method's published figure, data/speculative.json). */
  acceptanceRate?: number;
  /** Tokens drafted per step, k (default: the method's, data/speculative.json). */
  speculativeTokens?: number;
  /** Compare each candidate's cost with hosted API prices of its model (data/api-prices.json): `api_comparison`. */
  compareApi?: boolean;
}

/** One request of a trace: when it arrives, seconds from the start, and its prompt and output tokens. */
export interface TraceRequest {
  arrivalS: number;
  promptTokens: number;
  outputTokens: number;
}

/** What `plan` is asked: which models, formats, backends and GPUs to weigh, and the workload and its limits. */
export interface PlanRequest extends SharedRequest {
  /** Registry models by name, Hugging Face id or Ollama tag. */
  model?: string | string[];
  /** A size class: "3b", "0.5b", "70B", "500m", or "all". */
  modelSize?: string;
  /** Only these weight formats. */
  quant?: string | string[];
  /** Only these backends. */
  backend?: string | string[];
  /** GPUs per replica: 1, 2, 4, 8, or "auto" to weigh each. */
  tensorParallel?: 1 | 2 | 4 | 8 | "auto";
  /** The most GPUs a plan may bill. */
  maxGpus?: number;
  /** How many candidates to return (per GPU when several are planned), or "all". */
  limit?: number | "all";
  /** How many of the best candidates the replica simulator checks (default: as many as are returned, at most 5; 0: none). */
  simulateTop?: number;
  /** Also find the highest request rate each candidate returned carries within the SLOs, and what binds there. */
  maxRate?: boolean;
  /** GPUs owned, for a fleet plan (planner.fleet): "2x RTX 4090,1x RTX A6000", or its groups. */
  fleet?: string | FleetGroupRequest[];
}

/** What `predict` is asked: exactly one configuration and its deployment. */
export interface PredictRequest extends SharedRequest {
  /** One registry model by name, Hugging Face id or Ollama tag (or modelConfig / modelShape). */
  model?: string;
  quant: string;
  backend: string;
  /** GPUs per replica. */
  tensorParallel?: 1 | 2 | 4 | 8;
  replicas?: number;
  /** Requests served at once on each replica. */
  concurrency?: number;
}

/**
 * What `capacity` is asked: one deployment as predict names it, and the workload and SLOs it is held to.
 * The request rate is what it finds, so it takes none (nor an arrival process or a trace).
 */
export type CapacityRequest = Omit<PredictRequest, "requestRate" | "arrival" | "trace">;

/** A number within `bounds`, refused with the range in words. */
const bounded = (bounds: Bounds) => {
  const expected = `expected ${describeBounds(bounds)}`;
  return z.number({ error: expected }).check(z.refine((v) => withinBounds(v, bounds), { error: expected }));
};

/** A non-empty name. */
const name = () => z.string({ error: "expected a name" }).check(z.minLength(1, { error: "expected a name" }));

/** One name, or several (a list, or one string with commas). */
const names = () => z.union([name(), z.array(name()).check(z.minLength(1, { error: "expected at least one name" }))], { error: "expected a name or a list of names" });

/** GPUs per replica a request may fix. */
const SPLITS = [1, 2, 4, 8] as const;

const ModelShapeSchema = z.strictObject({
  paramsB: bounded(BOUNDS.paramsB),
  nLayers: bounded(BOUNDS.layers),
  nKvHeads: bounded(BOUNDS.width),
  headDim: bounded(BOUNDS.width),
  hiddenSize: bounded(BOUNDS.width),
  contextWindow: z.optional(bounded(BOUNDS.contextWindow)),
});

const GpuFiguresSchema = z.strictObject({
  name: z.optional(name()),
  memoryGb: bounded(BOUNDS.memoryGb),
  bandwidthGbps: bounded(BOUNDS.bandwidthGbps),
  fp16Tflops: z.optional(bounded(BOUNDS.fp16Tflops)),
  platform: z.optional(z.enum(PLATFORMS)),
  usdPerHour: z.optional(bounded(BOUNDS.usdPerHour)),
});

const shared = {
  modelConfig: z.optional(z.record(z.string(), z.unknown())),
  modelName: z.optional(name()),
  modelShape: z.optional(z.partial(ModelShapeSchema)),
  hardware: z.optional(names()),
  gpu: z.optional(GpuFiguresSchema),
  gpuUsdPerHour: z.optional(bounded(BOUNDS.usdPerHour)),
  priceBasis: z.optional(z.enum(PRICE_BASIS_CHOICES, { error: `expected one of ${PRICE_BASIS_CHOICES.join(", ")}` })),
  ownedYears: z.optional(bounded(BOUNDS.ownedYears)),
  electricityUsdPerKwh: z.optional(bounded(BOUNDS.electricityUsdPerKwh)),
  requestRate: z.optional(bounded(BOUNDS.requestRate)),
  workload: z.optional(z.enum(WORKLOADS)),
  promptTokens: z.optional(bounded(BOUNDS.promptTokens)),
  outputTokens: z.optional(bounded(BOUNDS.outputTokens)),
  contextLength: z.optional(bounded(BOUNDS.contextLength)),
  latencySloMs: z.optional(bounded(BOUNDS.latencySloMs)),
  ttftSloMs: z.optional(bounded(BOUNDS.ttftSloMs)),
  tpotSloMs: z.optional(bounded(BOUNDS.tpotSloMs)),
  percentile: z.optional(z.literal(PERCENTILES, { error: "expected 50, 90, 95 or 99" })),
  arrival: z.optional(z.string().check(z.refine((s) => parseArrival(s) !== undefined, { error: ARRIVAL_EXPECTED }))),
  trace: z.optional(
    z.array(z.strictObject({ arrivalS: bounded(BOUNDS.arrivalS), promptTokens: bounded(BOUNDS.promptTokens), outputTokens: bounded(BOUNDS.outputTokens) })).check(
      z.minLength(1, { error: "expected at least one request" }),
      z.maxLength(BOUNDS.traceRequests.max, { error: `expected at most ${BOUNDS.traceRequests.max} requests` }),
    ),
  ),
  seed: z.optional(bounded(BOUNDS.seed)),
  qualityTarget: z.optional(bounded(BOUNDS.qualityTarget)),
  publishedQualityTarget: z.optional(bounded(BOUNDS.publishedQualityTarget)),
  unknownQuality: z.optional(z.enum(["pass", "reject"])),
  budgetUsdPerMonth: z.optional(bounded(BOUNDS.budgetUsdPerMonth)),
  kvDtype: z.optional(z.enum(KV_DTYPES)),
  expertParallel: z.optional(z.boolean({ error: "expected true or false" })),
  prefixCacheHitRate: z.optional(bounded(BOUNDS.prefixCacheHitRate)),
  sharedPrefixTokens: z.optional(bounded(BOUNDS.sharedPrefixTokens)),
  reasoningTokens: z.optional(bounded(BOUNDS.reasoningTokens)),
  speculative: z.optional(z.string().check(z.refine((s) => parseSpeculative(s) !== undefined, { error: SPECULATIVE_EXPECTED }))),
  acceptanceRate: z.optional(bounded(BOUNDS.acceptanceRate)),
  speculativeTokens: z.optional(bounded(BOUNDS.speculativeTokens)),
  compareApi: z.optional(z.boolean({ error: "expected true or false" })),
};

const PlanSchema = z.strictObject({
  ...shared,
  model: z.optional(names()),
  modelSize: z.optional(name()),
  quant: z.optional(names()),
  backend: z.optional(names()),
  tensorParallel: z.optional(z.union([z.literal(SPLITS), z.literal("auto")], { error: 'expected 1, 2, 4, 8 or "auto"' })),
  maxGpus: z.optional(bounded(BOUNDS.maxGpus)),
  limit: z.optional(z.union([bounded(BOUNDS.limit), z.literal("all")], { error: `expected ${describeBounds(BOUNDS.limit)} or "all"` })),
  simulateTop: z.optional(bounded(BOUNDS.simulateTop)),
  maxRate: z.optional(z.boolean({ error: "expected true or false" })),
  fleet: z.optional(
    z.union([name(), z.array(z.strictObject({ gpu: name(), count: bounded(BOUNDS.maxGpus) })).check(z.minLength(1, { error: "expected at least one group" }))], {
      error: 'expected "<count>x <GPU>, ..." or a list of { gpu, count }',
    }),
  ),
});

const PredictSchema = z.strictObject({
  ...shared,
  model: z.optional(name()),
  quant: name(),
  backend: name(),
  tensorParallel: z.optional(z.literal(SPLITS, { error: "expected 1, 2, 4 or 8" })),
  replicas: z.optional(bounded(BOUNDS.replicas)),
  concurrency: z.optional(bounded(BOUNDS.concurrency)),
});

const CapacitySchema = z.omit(PredictSchema, { requestRate: true, arrival: true, trace: true });

/** Whether two types are the same, both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The interfaces above are what the schemas infer, field for field: either changing alone fails to compile.
const agree: [Same<z.output<typeof PlanSchema>, PlanRequest>, Same<z.output<typeof PredictSchema>, PredictRequest>, Same<z.output<typeof CapacitySchema>, CapacityRequest>] = [
  true,
  true,
  true,
];
void agree;

/**
 * A request's schema: zod's (zod/mini) at run time, so `safeParse`, `parse` and `z.toJSONSchema` take it;
 * declared by what a caller uses, so the library's types carry no zod.
 */
export interface RequestSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[] } };
  parse(input: unknown): T;
}

/** The schema of a plan request. */
export const PlanRequestSchema: RequestSchema<PlanRequest> = PlanSchema;

/** The schema of a predict request. */
export const PredictRequestSchema: RequestSchema<PredictRequest> = PredictSchema;

/** The schema of a capacity request. */
export const CapacityRequestSchema: RequestSchema<CapacityRequest> = CapacitySchema;

/**
 * The zod schemas themselves, for what needs zod's own type (the MCP server's tool input schemas, whose
 * JSON Schema the SDK generates from them); the library exports them as RequestSchema above.
 */
export const ZOD_REQUEST_SCHEMAS = { plan: PlanSchema, predict: PredictSchema, capacity: CapacitySchema } as const;

/** The type of ZOD_REQUEST_SCHEMAS. */
export type ZodRequestSchemas = typeof ZOD_REQUEST_SCHEMAS;
