/** Weight file formats a backend can serve. */
export const FORMATS = ["fp16", "fp8", "gguf", "awq", "gptq", "mxfp4", "nvfp4"] as const;

/** Kernel families: weights of one family are read at one efficiency (dequantizing costs differ). */
export const KERNELS = ["fp16", "fp8", "gguf_k", "gguf_legacy", "gguf_i", "awq", "gptq", "mxfp4", "nvfp4"] as const;

/** GPU platforms whose kernels and memory systems the roofline tells apart. */
export const PLATFORMS = ["nvidia", "amd", "apple"] as const;

export type Format = (typeof FORMATS)[number];
export type Kernel = (typeof KERNELS)[number];
export type Platform = (typeof PLATFORMS)[number];

/** KV cache data types: FP16, FP8 (vLLM, TGI, SGLang), and llama.cpp's 8- and 4-bit blocks. */
export const KV_DTYPES = ["fp16", "fp8", "q8_0", "q4_0"] as const;

export type KvDtype = (typeof KV_DTYPES)[number];

/**
 * What a per-GPU-hour price buys: on demand from a cloud; a marketplace's (spot, interruptible,
 * peer-to-peer hosts, batch tiers); serverless (billed while running); reserved capacity; owned hardware
 * (its purchase spread over its life). The reference world's prices are its own (tr133_appendix_b).
 */
export const PRICE_BASES = ["on_demand", "marketplace", "serverless", "reserved", "owned", "tr133_appendix_b"] as const;

export type PriceBasis = (typeof PRICE_BASES)[number];

/** The bases a plan may price GPUs on (--price-basis): one basis, or each GPU's main price (any). */
export const PRICE_BASIS_CHOICES = ["on-demand", "marketplace", "owned", "any"] as const;

export type PriceBasisChoice = (typeof PRICE_BASIS_CHOICES)[number];

/** The links tensor parallelism runs over, by generation; none: the GPU cannot be joined to another. */
export const LINK_KINDS = ["nvlink3", "nvlink4", "nvlink5", "pcie3", "pcie4", "pcie5", "infinity_fabric", "none"] as const;

export type LinkKind = (typeof LINK_KINDS)[number];
/** Workload presets: prompt and output lengths from published traces (data/workloads.json). */
export const WORKLOADS = ["chat", "rag", "code", "summarize", "agent"] as const;

export type WorkloadName = (typeof WORKLOADS)[number];

/** Speculative decoding methods the planner models: a separate draft model, an EAGLE head, the model's own multi-token prediction heads. */
export const SPECULATIVE_METHODS = ["draft", "eagle", "mtp"] as const;

export type SpeculativeMethod = (typeof SPECULATIVE_METHODS)[number];
