import * as z from "zod/mini";
import type { BackendFactsFile } from "../core/catalog/types.js";
import { SPECULATIVE_METHODS } from "../core/kinds.js";
import { comment, fraction, name, nonNegative, positive, positiveInt } from "./primitives.js";

// data/engines.json: how each serving backend runs and takes memory (the types, documented field by
// field, are in src/core/catalog/types.ts). Every memory figure is in GiB.

const text = () => z.string();
const optionalText = () => z.optional(z.string());
const port = () => z.int().check(z.gte(1), z.lte(65_535));
const gib = () => nonNegative().check(z.lte(4096), z.describe("GiB (2^30 bytes)"));
const tokens = () => positiveInt().check(z.lte(10_000_000));

const FlagSchema = z.strictObject({
  aliases: z.optional(z.array(name())),
  takes: name(),
  meaning: text(),
  default: z.nullable(z.union([z.number(), z.string(), z.boolean()])),
  source: name(),
  env: optionalText(),
  version_note: optionalText(),
  default_note: optionalText(),
  note: optionalText(),
  alias_note: optionalText(),
  also_in: optionalText(),
});

const SettingSchema = z.strictObject({
  takes: name(),
  meaning: text(),
  default: z.optional(z.nullable(z.union([z.number(), z.string(), z.boolean()]))),
  source: name(),
  note: optionalText(),
});

const DockerSchema = z.strictObject({
  image: name(),
  image_amd: z.optional(name()),
  entrypoint: z.enum(["server", "command", "serve"]),
  container_port: port(),
  ipc_host: z.boolean(),
  shm_size: z.nullable(z.string().check(z.regex(/^\d+[kmg]$/, "expected a size such as 1g or 32g"))),
  ulimits: z.optional(z.record(name(), z.int())),
  volumes: z.array(name()),
  devices_amd: z.optional(z.array(name())),
  run: name(),
  source: name(),
  note: optionalText(),
});

const FractionSchema = z.strictObject({
  name: name(),
  flag: name(),
  of: z.enum(["total", "total_static", "free_after_weights"]).check(
    z.describe("total: of the GPU's memory (weights, activations, KV); total_static: of the GPU's memory, for weights and KV only; free_after_weights: of what is free once the model is loaded, for KV"),
  ),
  default: z.nullable(fraction()),
  max: fraction(),
  kv_share_of_free: z.optional(fraction()),
  rule: optionalText(),
  source: name(),
  history: optionalText(),
  notes: optionalText(),
});

const StaticReserveSchema = z.strictObject({
  base_gib: gib(),
  gib_per_activation_token: gib(),
  min_activation_tokens: tokens(),
  gib_per_tp_pp: gib(),
  gib_per_decode_graph_batch: gib(),
  gib_per_prefill_graph_size: gib(),
  mla_prefill_graph_gib: gib(),
  floor_gib: gib(),
  floor_above_memory_gib: gib(),
  unknown_memory_fraction: fraction(),
  tiers: z.array(
    z.strictObject({
      below_memory_gib: z.optional(positive().check(z.describe("GiB"))),
      chunked_prefill_size: tokens(),
      decode_graph_max_batch: tokens(),
      decode_graph_max_batch_tp4: tokens(),
    }),
  ).check(z.minLength(1)),
  rule: name(),
  source: name(),
});

const ReserveSchema = z.strictObject({
  what: name(),
  kind: z.enum(["activations", "cuda_graphs", "parallel", "floor", "headroom", "minimum", "compute_buffer", "host_cache", "measured", "other"]),
  gib: z.optional(gib()),
  gib_per_graph_max: z.optional(gib()),
  default_max_batch: z.optional(tokens()),
  graph_batch_sizes: z.optional(z.array(tokens())),
  fraction_of_free: z.optional(fraction()),
  gib_by_library: z.optional(z.record(name(), gib())),
  gib_by_batch: z.optional(z.record(name(), gib())),
  // A measured total can be negative: vLLM logs the CUDA-graph memory as the difference of two readings.
  measured_gib: z.optional(z.record(name(), z.record(name(), z.number().check(z.gte(-4096), z.lte(4096))))),
  measured_on: z.optional(z.record(name(), z.union([z.number(), z.string()]))),
  rule: z.optional(z.nullable(z.string())),
  source: name(),
  notes: optionalText(),
});

const MemorySchema = z.strictObject({
  how: name(),
  fraction: z.nullable(FractionSchema),
  static_reserve: z.optional(StaticReserveSchema),
  fit: z.optional(z.strictObject({ default_on: z.boolean(), margin_gib: gib(), min_context_tokens: tokens(), rule: name(), source: name() })),
  kv_sizing: z.optional(z.strictObject({ rule: name(), sources: z.array(name()) })),
  reserves: z.array(ReserveSchema),
  kv_block_tokens: z.strictObject({
    default: z.nullable(tokens()),
    by_attention: z.optional(z.record(name(), tokens())),
    source: optionalText(),
    notes: optionalText(),
  }),
});

const KnobSchema = z.strictObject({
  name: name(),
  flag: z.nullable(name()),
  default: z.nullable(tokens()),
  flag_default: z.optional(z.int()),
  tiers: z.optional(
    z.array(
      z.strictObject({
        min_memory_gib: z.optional(positive().check(z.describe("GiB"))),
        below_memory_gib: z.optional(positive().check(z.describe("GiB"))),
        except_gpus: z.optional(z.array(name())),
        value: tokens(),
        llm_class: z.optional(tokens()),
      }),
    ).check(z.minLength(1)),
  ),
  formula: z.optional(z.strictObject({ requests_per_context_fill: positive(), min_requests: tokens(), max_requests: tokens(), kv_token_divisor: positive() })),
  rule: optionalText(),
  source: name(),
  history: optionalText(),
  notes: optionalText(),
});

const BackendFactsSchema = z.strictObject({
  version: name(),
  version_notes: z.strictObject({ flags: name(), policy: name() }),
  command: z.array(name()).check(z.minLength(1)),
  command_source: name(),
  model: z.strictObject({ how: z.enum(["positional", "flag", "client"]), flag: z.optional(name()), source: name() }),
  default_port: port(),
  default_port_note: optionalText(),
  flags: z.record(z.string().check(z.regex(/^-/, "expected a flag (starting with -)")), FlagSchema),
  environment: z.optional(z.record(z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, "expected an environment variable name")), SettingSchema)),
  removed: z.optional(z.record(name(), z.strictObject({ status: name(), source: name() }))),
  client: z.optional(
    z.strictObject({
      run: z.array(name()),
      create: z.array(name()),
      source: name(),
      modelfile: z.strictObject({ from_gguf: name(), source: name() }),
    }),
  ),
  config_file: z.optional(
    z.strictObject({
      flag: name(),
      format: z.literal("yaml"),
      how: name(),
      source: name(),
      keys: z.record(name(), z.record(name(), z.unknown())),
      note: optionalText(),
    }),
  ),
  not_flags: z.optional(z.record(name(), name())),
  flash_attn_requirement: z.optional(z.strictObject({ statement: name(), source: name() })),
  docker: DockerSchema,
  quantization: z.optional(
    z.strictObject({ flag: z.nullable(name()), planner: z.record(name(), name()), source: name(), note: optionalText() }),
  ),
  memory: MemorySchema.check(z.describe("How the backend takes GPU memory: its fraction knob (of total memory, of total for weights and KV, or of free memory after the weights), reserves, KV blocks. GiB.")),
  scheduler: z.strictObject({
    max_sequences: KnobSchema,
    batched_tokens: KnobSchema,
    chunked_prefill: z.strictObject({ default: z.nullable(z.boolean()), source: optionalText(), history: optionalText(), notes: optionalText() }),
    context: KnobSchema,
  }).check(z.describe("Scheduler defaults: sequences decoded at once, tokens batched per step, chunked prefill, context; a knob's tiers are by GPU memory in GiB, first match.")),
  prefix_caching: z.strictObject({
    supported: z.boolean(),
    default_on: z.boolean(),
    switch: z.nullable(name()),
    how: name(),
    source: name(),
    /** Whether a prefix's KV, once cached, is held once for every sequence that shares it (paged blocks), or per slot. */
    shares_prefix_kv: z.boolean(),
    shares_prefix_kv_source: name(),
    notes: optionalText(),
  }),
  kv_cache_dtypes: z.strictObject({
    flag: z.nullable(name()),
    config_key: optionalText(),
    default: z.nullable(name()),
    values: z.array(name()).check(z.minLength(1)),
    flag_values: z.optional(z.array(name())),
    planner: z.record(name(), z.nullable(name())),
    how: name(),
    source: name(),
    notes: optionalText(),
  }),
  weight_formats: z.record(
    name(),
    z.strictObject({ supported: z.nullable(z.boolean()), gpus: z.nullable(z.string()), source: z.nullable(z.string()), notes: optionalText() }),
  ),
  speculative: z.strictObject({
    /** `planner`: the --speculative method it is (draft, eagle, mtp), where the planner models it. */
    methods: z.array(z.strictObject({ method: name(), planner: z.optional(z.enum(SPECULATIVE_METHODS)), how: z.nullable(z.string()), source: name() })),
    defaults: optionalText(),
    notes: optionalText(),
    config_key: optionalText(),
    config_source: optionalText(),
  }),
  expert_parallel: z.strictObject({ supported: z.boolean(), flag: z.nullable(name()), source: name(), notes: optionalText() }),
});

/** `engines.json`: how each serving backend runs and takes memory, with sources (GiB throughout). */
export const EnginesFileSchema = z.strictObject({
  $comment: comment(),
  unit: z.literal("GiB").check(z.describe("The one memory unit of this file: every memory figure is in GiB (2^30 bytes), in fields ending _gib.")),
  device_visibility: z.strictObject({
    nvidia: z.strictObject({ variable: name(), source: name() }),
    amd: z.strictObject({ variable: name(), source: name() }),
  }),
  compose: z.strictObject({ gpu_reservation: name(), source: name() }),
  backends: z.record(name(), BackendFactsSchema),
});

// What the schema validates is the core's BackendFactsFile: a field the two disagree on fails to compile.
const agree: (file: z.output<typeof EnginesFileSchema>) => BackendFactsFile = (file) => file;
void agree;
