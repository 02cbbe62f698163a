/** Weight file formats a backend can serve. */
export const FORMATS = ["fp16", "fp8", "gguf", "awq", "gptq"] as const;

/** Kernel families: weights of one family are read at one efficiency (dequantizing costs differ). */
export const KERNELS = ["fp16", "fp8", "gguf_k", "gguf_legacy", "gguf_i", "awq", "gptq"] as const;

/** GPU platforms whose kernels and memory systems the roofline tells apart. */
export const PLATFORMS = ["nvidia", "amd", "apple"] as const;

export type Format = (typeof FORMATS)[number];
export type Kernel = (typeof KERNELS)[number];
export type Platform = (typeof PLATFORMS)[number];

/** KV cache data types: FP16, FP8 (vLLM, TGI, SGLang), and llama.cpp's 8- and 4-bit blocks. */
export const KV_DTYPES = ["fp16", "fp8", "q8_0", "q4_0"] as const;

export type KvDtype = (typeof KV_DTYPES)[number];

/** Workload presets: prompt and output lengths from published traces (data/workloads.json). */
export const WORKLOADS = ["chat", "rag", "code", "summarize", "agent"] as const;

export type WorkloadName = (typeof WORKLOADS)[number];
