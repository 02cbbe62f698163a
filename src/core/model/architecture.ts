/**
 * A model's architecture from its Hugging Face `config.json`: parameter counts (total, and per token for
 * a mixture of experts), the KV cache per token, and the trained context window. Pure: the caller reads
 * the file. Families: Llama, Mistral, Qwen2/Qwen3, Gemma 1/2/3, Phi-2, Phi-3/Phi-4, Mixtral, Qwen-MoE
 * (Qwen2-MoE, Qwen3-MoE), DeepSeek-V2/V3 (multi-head latent attention) and gpt-oss.
 */
import { LIMITS } from "../limits.js";
import { own } from "../own.js";

/** A run of layers that cache the same number of elements per token, over at most `window` tokens. */
export interface KvGroup {
  layers: number;
  /** Elements cached per token per layer: K and V heads × head dim, or MLA's compressed latent. */
  elementsPerToken: number;
  /** A sliding-window layer holds at most this many tokens; undefined for full attention. */
  window?: number | undefined;
}

/** What the planner needs of a model's shape. */
export interface Architecture {
  /** The config's model_type, or "manual" for a model described by flags. */
  family: string;
  /** Every parameter, in billions. */
  paramsB: number;
  /** Parameters one token uses: all but the experts it is not routed to (embeddings included), in billions. */
  activeParamsB: number;
  /** Input embedding and output head (both counted when untied), in billions: quantized formats like AWQ keep them 16-bit. */
  embeddingParamsB: number;
  /** The untied input embedding table, in billions: a token reads one row of it, not the whole table. */
  inputEmbeddingParamsB: number;
  nLayers: number;
  hiddenSize: number;
  nHeads: number;
  nKvHeads: number;
  headDim: number;
  kv: KvGroup[];
  contextWindow: number;
  /** Vocabulary size: the logits a step computes per sequence (0 when unknown). */
  vocabSize: number;
  experts?: Experts | undefined;
  /** Multi-token prediction modules shipped with the weights (DeepSeek-V3's `num_nextn_predict_layers`): what MTP speculative decoding drafts with; undefined: none. */
  mtpLayers?: number | undefined;
}

/** A mixture of experts: how many each layer routes among, how many a token takes, and their size. */
export interface Experts {
  total: number;
  perToken: number;
  /** Layers with routed experts. */
  layers: number;
  /** Every routed expert's parameters over every layer, billions (shared experts are not routed). */
  routedParamsB: number;
}

/** A config.json that lacks a field its family needs, or holds a wrong one. */
export class ConfigFieldError extends Error {
  override name = "ConfigFieldError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

type Json = Record<string, unknown>;

/** Reads config fields by name, with errors that name the field. */
class Fields {
  constructor(
    private readonly config: Json,
    private readonly prefix = "",
  ) {}

  has(key: string): boolean {
    return this.config[key] !== undefined && this.config[key] !== null;
  }

  /**
   * A positive whole number the family needs, at most LIMITS.layers for a layer count and
   * LIMITS.contextTokens for anything else: a config may hold any number, and a model built from 10⁹
   * layers would exhaust memory before any check on its totals could refuse it.
   */
  int(key: string): number {
    const value = this.config[key];
    if (value === undefined || value === null) throw new ConfigFieldError(this.prefix + key, "missing (this architecture needs it)");
    const most = key === "num_hidden_layers" ? LIMITS.layers : LIMITS.contextTokens;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0 || value > most) {
      throw new ConfigFieldError(this.prefix + key, `expected a whole number from 1 to ${most}, found ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** An optional positive whole number, or `fallback`. */
  optionalInt(key: string, fallback: number): number {
    return this.has(key) ? this.int(key) : fallback;
  }

  /** A whole number ≥ 0 (counts that may be zero, such as dense layers before the experts). */
  count(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const value = this.config[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new ConfigFieldError(this.prefix + key, `expected a whole number ≥ 0, found ${JSON.stringify(value)}`);
    }
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const value = this.config[key];
    if (typeof value !== "boolean") throw new ConfigFieldError(this.prefix + key, `expected true or false, found ${JSON.stringify(value)}`);
    return value;
  }

  /** An optional list of strings (layer_types). */
  strings(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.config[key];
    if (!Array.isArray(value) || value.length > LIMITS.layers || !value.every((v) => typeof v === "string")) {
      throw new ConfigFieldError(this.prefix + key, `expected a list of at most ${LIMITS.layers} strings`);
    }
    return value as string[];
  }

  /** An optional list of whole numbers (mlp_only_layers). */
  ints(key: string): number[] {
    if (!this.has(key)) return [];
    const value = this.config[key];
    if (!Array.isArray(value) || value.length > LIMITS.layers || !value.every((v) => typeof v === "number" && Number.isSafeInteger(v))) {
      throw new ConfigFieldError(this.prefix + key, `expected a list of at most ${LIMITS.layers} whole numbers`);
    }
    return value as number[];
  }
}

/** The parts of one decoder layer, in parameters. */
interface LayerCounts {
  /** Attention and norms: used by every token. */
  shared: number;
  /** Feed-forward parameters every token uses (a dense MLP, shared experts, the router). */
  mlpActive: number;
  /** Routed expert parameters the layer holds, and those one token uses. */
  expertsTotal: number;
  expertsActive: number;
}

/** Per-family constants beyond what config.json states. */
interface Family {
  /** Biases on q, k and v (Qwen2 always has them). */
  qkvBias: (f: Fields) => boolean;
  /** Norm weights per layer, in units of hidden size. */
  normsPerLayer: number;
  /** RMS norms on q and k per head (Qwen3, Gemma 3). */
  qkNorm: boolean;
  /** Embeddings tied unless config says otherwise. */
  tiedByDefault: boolean;
}

const LLAMA: Family = { qkvBias: (f) => f.bool("attention_bias", false), normsPerLayer: 2, qkNorm: false, tiedByDefault: false };

const DENSE_FAMILIES: Readonly<Record<string, Family>> = {
  llama: LLAMA,
  mistral: LLAMA,
  granite: LLAMA,
  qwen2: { ...LLAMA, qkvBias: () => true },
  qwen3: { ...LLAMA, qkNorm: true },
  phi3: LLAMA,
  gemma: { ...LLAMA, tiedByDefault: true },
  gemma2: { ...LLAMA, normsPerLayer: 4, tiedByDefault: true },
  gemma3_text: { ...LLAMA, normsPerLayer: 4, qkNorm: true, tiedByDefault: true },
};

/** The families `architectureFromConfig` understands, for error messages. */
const SUPPORTED_FAMILIES = [
  ...Object.keys(DENSE_FAMILIES),
  "gemma3",
  "phi",
  "mixtral",
  "qwen2_moe",
  "qwen3_moe",
  "deepseek_v2",
  "deepseek_v3",
  "gpt_oss",
] as const;

/** Attention heads and sizes shared by the standard (non-MLA) families. */
function attentionShape(f: Fields) {
  const hidden = f.int("hidden_size");
  const nHeads = f.int("num_attention_heads");
  const nKvHeads = f.optionalInt("num_key_value_heads", nHeads);
  if (nKvHeads > nHeads) throw new ConfigFieldError("num_key_value_heads", `is ${nKvHeads}, more than the ${nHeads} attention heads`);
  const headDim = f.has("head_dim") ? f.int("head_dim") : hidden / nHeads;
  if (!Number.isInteger(headDim)) throw new ConfigFieldError("head_dim", "missing, and hidden_size is not a multiple of num_attention_heads");
  return { hidden, nHeads, nKvHeads, headDim };
}

/** q, k, v and o projections with optional biases. */
function attentionParams(hidden: number, nHeads: number, nKvHeads: number, headDim: number, qkvBias: boolean, oBias: boolean): number {
  const q = hidden * nHeads * headDim;
  const kv = 2 * hidden * nKvHeads * headDim;
  const o = nHeads * headDim * hidden;
  return q + kv + o + (qkvBias ? (nHeads + 2 * nKvHeads) * headDim : 0) + (oBias ? hidden : 0);
}

/**
 * Which layers use a sliding window, where the config declares it: `layer_types`, Gemma 3's
 * `sliding_window_pattern` (every n-th layer global), Gemma 2's alternation, Qwen2's `use_sliding_window`
 * from `max_window_layers` up, or Mistral's window on every layer.
 */
function kvGroups(f: Fields, family: string, nLayers: number, elementsPerToken: number): KvGroup[] {
  const window = slidingWindow(f);
  const full = (layers: number): KvGroup => ({ layers, elementsPerToken });
  const split = (sliding: number): KvGroup[] =>
    [full(nLayers - sliding), { layers: sliding, elementsPerToken, window }].filter((g) => g.layers > 0);
  if (window === undefined) return [full(nLayers)];
  const types = f.strings("layer_types");
  if (types) {
    if (types.length !== nLayers) throw new ConfigFieldError("layer_types", `lists ${types.length} layers, num_hidden_layers is ${nLayers}`);
    return split(types.filter((t) => t === "sliding_attention").length);
  }
  if (family === "gemma3_text" || family === "gemma3") {
    const pattern = f.optionalInt("sliding_window_pattern", 6);
    return split(nLayers - Math.floor(nLayers / pattern));
  }
  if (family === "gemma2") return split(Math.ceil(nLayers / 2));
  if (family === "qwen2" || family === "qwen3" || family === "qwen2_moe" || family === "qwen3_moe") {
    if (!f.bool("use_sliding_window", false)) return [full(nLayers)];
    return split(nLayers - f.count("max_window_layers", nLayers));
  }
  if (family === "mistral" || family === "mixtral") return split(nLayers);
  return [full(nLayers)];
}

/** The sliding window in tokens, or undefined when absent or null. */
function slidingWindow(f: Fields): number | undefined {
  return f.has("sliding_window") ? f.int("sliding_window") : undefined;
}

/** The context window: max_position_embeddings (every family here states it). */
function contextWindow(f: Fields): number {
  return f.int("max_position_embeddings");
}

/** Assembles an architecture from per-layer counts and embeddings. */
function assemble(
  family: string,
  f: Fields,
  layers: readonly LayerCounts[],
  embed: { vocab: number; hidden: number; tied: boolean; extra?: number },
  shape: { nHeads: number; nKvHeads: number; headDim: number; kv: KvGroup[] },
  routing?: { total: number; perToken: number },
): Architecture {
  const inputEmbedding = embed.vocab * embed.hidden;
  const embeddings = inputEmbedding * (embed.tied ? 1 : 2);
  let total = embeddings + embed.hidden + (embed.extra ?? 0);
  let active = total;
  let routed = 0;
  let moeLayers = 0;
  for (const l of layers) {
    total += l.shared + l.mlpActive + l.expertsTotal;
    active += l.shared + l.mlpActive + l.expertsActive;
    routed += l.expertsTotal;
    if (l.expertsTotal > 0) moeLayers++;
  }
  const experts = routing ? { ...routing, layers: moeLayers, routedParamsB: routed / 1e9 } : undefined;
  return {
    family,
    paramsB: total / 1e9,
    activeParamsB: active / 1e9,
    embeddingParamsB: embeddings / 1e9,
    inputEmbeddingParamsB: embed.tied ? 0 : inputEmbedding / 1e9,
    nLayers: layers.length,
    hiddenSize: embed.hidden,
    nHeads: shape.nHeads,
    nKvHeads: shape.nKvHeads,
    headDim: shape.headDim,
    kv: shape.kv,
    contextWindow: contextWindow(f),
    vocabSize: embed.vocab,
    experts,
  };
}

/** Llama-like dense decoders: gated MLP (gate, up, down), RMS norms. */
function dense(family: string, f: Fields, spec: Family): Architecture {
  const { hidden, nHeads, nKvHeads, headDim } = attentionShape(f);
  const nLayers = f.int("num_hidden_layers");
  const intermediate = f.int("intermediate_size");
  const qkvBias = spec.qkvBias(f);
  const mlpBias = f.bool("mlp_bias", false);
  const layer: LayerCounts = {
    shared:
      attentionParams(hidden, nHeads, nKvHeads, headDim, qkvBias, f.bool("attention_bias", false)) +
      spec.normsPerLayer * hidden +
      (spec.qkNorm ? 2 * headDim : 0),
    mlpActive: 3 * hidden * intermediate + (mlpBias ? 2 * intermediate + hidden : 0),
    expertsTotal: 0,
    expertsActive: 0,
  };
  return assemble(
    family,
    f,
    Array.from({ length: nLayers }, () => layer),
    { vocab: f.int("vocab_size"), hidden, tied: f.bool("tie_word_embeddings", spec.tiedByDefault) },
    { nHeads, nKvHeads, headDim, kv: kvGroups(f, family, nLayers, 2 * nKvHeads * headDim) },
  );
}

/** Phi-2: parallel attention and MLP, one LayerNorm (with bias) per layer, biases everywhere, untied head with bias. */
function phi(f: Fields): Architecture {
  const { hidden, nHeads, nKvHeads, headDim } = attentionShape(f);
  const nLayers = f.int("num_hidden_layers");
  const intermediate = f.int("intermediate_size");
  const vocab = f.int("vocab_size");
  const layer: LayerCounts = {
    shared: attentionParams(hidden, nHeads, nKvHeads, headDim, true, true) + 2 * hidden,
    mlpActive: 2 * hidden * intermediate + intermediate + hidden,
    expertsTotal: 0,
    expertsActive: 0,
  };
  // The final LayerNorm has a bias as well as a weight (assemble counts the weight), and the head a bias.
  return assemble(
    "phi",
    f,
    Array.from({ length: nLayers }, () => layer),
    { vocab, hidden, tied: f.bool("tie_word_embeddings", false), extra: hidden + vocab },
    { nHeads, nKvHeads, headDim, kv: kvGroups(f, "phi", nLayers, 2 * nKvHeads * headDim) },
  );
}

/** Mixtral, Qwen2-MoE and Qwen3-MoE: Llama-like attention, routed experts with gated MLPs. */
function moe(family: "mixtral" | "qwen2_moe" | "qwen3_moe", f: Fields): Architecture {
  const { hidden, nHeads, nKvHeads, headDim } = attentionShape(f);
  const nLayers = f.int("num_hidden_layers");
  const mixtral = family === "mixtral";
  const experts = f.int(mixtral ? "num_local_experts" : "num_experts");
  const perToken = f.int("num_experts_per_tok");
  if (perToken > experts) throw new ConfigFieldError("num_experts_per_tok", `is ${perToken}, more than the ${experts} experts`);
  const expertSize = 3 * hidden * f.int(mixtral ? "intermediate_size" : "moe_intermediate_size");
  const sharedExpert =
    family === "qwen2_moe" && f.has("shared_expert_intermediate_size") ? 3 * hidden * f.int("shared_expert_intermediate_size") + hidden : 0;
  const denseMlp = mixtral ? 0 : 3 * hidden * f.int("intermediate_size");
  const step = mixtral ? 1 : f.optionalInt("decoder_sparse_step", 1);
  const denseLayers = new Set(mixtral ? [] : f.ints("mlp_only_layers"));
  const shared =
    attentionParams(hidden, nHeads, nKvHeads, headDim, family === "qwen2_moe", false) +
    2 * hidden +
    (family === "qwen3_moe" ? 2 * headDim : 0);
  const layers = Array.from({ length: nLayers }, (_, i): LayerCounts => {
    const sparse = !denseLayers.has(i) && (i + 1) % step === 0;
    if (!sparse) return { shared, mlpActive: denseMlp, expertsTotal: 0, expertsActive: 0 };
    return {
      shared,
      mlpActive: hidden * experts + sharedExpert,
      expertsTotal: experts * expertSize,
      expertsActive: perToken * expertSize,
    };
  });
  return assemble(
    family,
    f,
    layers,
    { vocab: f.int("vocab_size"), hidden, tied: f.bool("tie_word_embeddings", false) },
    { nHeads, nKvHeads, headDim, kv: kvGroups(f, family, nLayers, 2 * nKvHeads * headDim) },
    { total: experts, perToken },
  );
}

/**
 * DeepSeek-V2/V3: multi-head latent attention (the cache holds a compressed latent of kv_lora_rank plus
 * the decoupled RoPE key per token, not K and V per head) and routed plus shared experts after the first
 * dense layers. The multi-token-prediction module of V3 is not part of the served model.
 */
function deepseek(family: "deepseek_v2" | "deepseek_v3", f: Fields): Architecture {
  const hidden = f.int("hidden_size");
  const nLayers = f.int("num_hidden_layers");
  const nHeads = f.int("num_attention_heads");
  const kvLora = f.int("kv_lora_rank");
  const ropeDim = f.int("qk_rope_head_dim");
  const nopeDim = f.int("qk_nope_head_dim");
  const vDim = f.int("v_head_dim");
  const qHead = nopeDim + ropeDim;
  const qLora = f.has("q_lora_rank") ? f.int("q_lora_rank") : undefined;
  const q = qLora === undefined ? hidden * nHeads * qHead : hidden * qLora + qLora + qLora * nHeads * qHead;
  const attention = q + hidden * (kvLora + ropeDim) + kvLora + kvLora * nHeads * (nopeDim + vDim) + nHeads * vDim * hidden;
  const routed = f.int("n_routed_experts");
  const perToken = f.int("num_experts_per_tok");
  if (perToken > routed) throw new ConfigFieldError("num_experts_per_tok", `is ${perToken}, more than the ${routed} routed experts`);
  const expertSize = 3 * hidden * f.int("moe_intermediate_size");
  const sharedExperts = f.count("n_shared_experts", 0) * expertSize;
  const firstDense = f.count("first_k_dense_replace", 0);
  const frequency = f.optionalInt("moe_layer_freq", 1);
  const denseMlp = 3 * hidden * f.int("intermediate_size");
  const router = hidden * routed + (family === "deepseek_v3" ? routed : 0);
  const layers = Array.from({ length: nLayers }, (_, i): LayerCounts => {
    const shared = attention + 2 * hidden;
    if (i < firstDense || i % frequency !== 0) return { shared, mlpActive: denseMlp, expertsTotal: 0, expertsActive: 0 };
    return { shared, mlpActive: sharedExperts + router, expertsTotal: routed * expertSize, expertsActive: perToken * expertSize };
  });
  return assemble(
    family,
    f,
    layers,
    { vocab: f.int("vocab_size"), hidden, tied: f.bool("tie_word_embeddings", false) },
    { nHeads, nKvHeads: 1, headDim: kvLora + ropeDim, kv: [{ layers: nLayers, elementsPerToken: kvLora + ropeDim }] },
    { total: routed, perToken },
  );
}

/**
 * gpt-oss: attention with biases and per-head sinks on layers that alternate sliding and full (layer_types),
 * routed experts with a fused gate/up projection and biases, untied embeddings.
 */
function gptOss(f: Fields): Architecture {
  const { hidden, nHeads, nKvHeads, headDim } = attentionShape(f);
  const nLayers = f.int("num_hidden_layers");
  const experts = f.int("num_local_experts");
  const perTokenKey = f.has("num_experts_per_tok") ? "num_experts_per_tok" : "experts_per_token";
  const perToken = f.int(perTokenKey);
  if (perToken > experts) throw new ConfigFieldError(perTokenKey, `is ${perToken}, more than the ${experts} experts`);
  const intermediate = f.int("intermediate_size");
  const expertSize = hidden * 2 * intermediate + 2 * intermediate + intermediate * hidden + hidden;
  const layer: LayerCounts = {
    shared: attentionParams(hidden, nHeads, nKvHeads, headDim, true, true) + nHeads + 2 * hidden,
    mlpActive: hidden * experts + experts,
    expertsTotal: experts * expertSize,
    expertsActive: perToken * expertSize,
  };
  return assemble(
    "gpt_oss",
    f,
    Array.from({ length: nLayers }, () => layer),
    { vocab: f.int("vocab_size"), hidden, tied: f.bool("tie_word_embeddings", false) },
    { nHeads, nKvHeads, headDim, kv: kvGroups(f, "gpt_oss", nLayers, 2 * nKvHeads * headDim) },
    { total: experts, perToken },
  );
}

/**
 * Gemma3TextConfig's defaults, which transformers applies to keys a published Gemma 3 config omits (the
 * multimodal gemma-3-4b/12b/27b-it configs state only what differs): github:huggingface/transformers
 * src/transformers/models/gemma3/configuration_gemma3.py @008f5c8c29be84d4721dc6d1e0fcd72300580be4.
 */
const GEMMA3_TEXT_DEFAULTS: Json = {
  vocab_size: 262208,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  head_dim: 256,
  max_position_embeddings: 131072,
  sliding_window_pattern: 6,
};

/**
 * Parameters of a SigLIP vision tower (Gemma 3's): patch embedding, position embeddings, encoder layers
 * (attention and MLP with biases, two LayerNorms), the final LayerNorm. SiglipVisionConfig's defaults
 * fill what a config omits.
 */
function siglipParams(vision: Json): number {
  const f = new Fields({ hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, image_size: 224, patch_size: 16, num_channels: 3, ...vision }, "vision_config.");
  const hidden = f.int("hidden_size");
  const patch = f.int("patch_size");
  const patches = (f.int("image_size") / patch) ** 2;
  const layer = 4 * (hidden * hidden + hidden) + 2 * hidden * f.int("intermediate_size") + f.int("intermediate_size") + hidden + 4 * hidden;
  return f.int("num_channels") * patch * patch * hidden + hidden + patches * hidden + f.int("num_hidden_layers") * layer + 2 * hidden;
}

/**
 * The architecture a Hugging Face config.json describes. A multimodal config (Gemma 3) is read from its
 * `text_config` for decoding; its vision tower (and projector) counts toward the parameters held in
 * memory, not toward those a decoded token reads. Throws ConfigFieldError naming the first field that is
 * missing or wrong, or `model_type` when the family is not one understood here.
 */
export function architectureFromConfig(config: unknown): Architecture {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new ConfigFieldError("(top level)", "expected a JSON object");
  }
  const top = config as Json;
  const modelType = top.model_type;
  if (typeof modelType !== "string") throw new ConfigFieldError("model_type", "missing (every config.json names its architecture)");
  if (modelType === "gemma3") {
    const text = top.text_config;
    if (typeof text !== "object" || text === null) throw new ConfigFieldError("text_config", "missing (a gemma3 config nests the language model there)");
    const merged = { ...GEMMA3_TEXT_DEFAULTS, ...(text as Json), model_type: "gemma3_text" };
    const arch = dense("gemma3_text", new Fields(merged, "text_config."), DENSE_FAMILIES.gemma3_text!);
    const vision = top.vision_config;
    if (typeof vision !== "object" || vision === null) return { ...arch, family: "gemma3" };
    // The projector maps the vision width to the text width, after an RMS norm of the vision width.
    const visionWidth = new Fields({ hidden_size: 768, ...(vision as Json) }, "vision_config.").int("hidden_size");
    const extra = siglipParams(vision as Json) + visionWidth * arch.hiddenSize + visionWidth;
    return { ...arch, family: "gemma3", paramsB: arch.paramsB + extra / 1e9 };
  }
  if (modelType === "gemma3_text") return dense("gemma3_text", new Fields({ ...GEMMA3_TEXT_DEFAULTS, ...top }), DENSE_FAMILIES.gemma3_text!);
  const f = new Fields(top);
  const spec = own(DENSE_FAMILIES, modelType);
  if (spec) return dense(modelType, f, spec);
  switch (modelType) {
    case "phi":
      return phi(f);
    case "mixtral":
    case "qwen2_moe":
    case "qwen3_moe":
      return moe(modelType, f);
    case "deepseek_v2":
    case "deepseek_v3": {
      const mtp = f.count("num_nextn_predict_layers", 0);
      return { ...deepseek(modelType, f), ...(mtp > 0 ? { mtpLayers: mtp } : {}) };
    }
    case "gpt_oss":
      return gptOss(f);
    default:
      throw new ConfigFieldError("model_type", `"${modelType}" is not a supported architecture (supported: ${SUPPORTED_FAMILIES.join(", ")})`);
  }
}

/** What a model described by hand (no config.json) gives: the flags of `--params-b` and friends. */
export interface ManualArchitecture {
  paramsB: number;
  nLayers: number;
  nKvHeads: number;
  headDim: number;
  hiddenSize: number;
  contextWindow: number;
}

/** A dense model from hand-given figures: every parameter is used by every token, full attention on every layer. */
export function manualArchitecture(m: ManualArchitecture): Architecture {
  return {
    family: "manual",
    paramsB: m.paramsB,
    activeParamsB: m.paramsB,
    embeddingParamsB: 0,
    inputEmbeddingParamsB: 0,
    nLayers: m.nLayers,
    hiddenSize: m.hiddenSize,
    nHeads: Math.max(1, Math.round(m.hiddenSize / m.headDim)),
    nKvHeads: m.nKvHeads,
    headDim: m.headDim,
    kv: [{ layers: m.nLayers, elementsPerToken: 2 * m.nKvHeads * m.headDim }],
    contextWindow: m.contextWindow,
    vocabSize: 0,
  };
}

/** KV cache elements per sequence of `tokens` tokens, over every layer (sliding layers hold at most their window). */
export function kvElements(kv: readonly KvGroup[], tokens: number): number {
  let total = 0;
  for (const g of kv) total += g.layers * g.elementsPerToken * (g.window === undefined ? tokens : Math.min(tokens, g.window));
  return total;
}
