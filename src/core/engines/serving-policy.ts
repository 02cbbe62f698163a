import type { Gpu, ModelSpec } from "../catalog/types.js";

/**
 * How a backend takes GPU memory and schedules a replica, by its own defaults: what the planner assumes a
 * deployment runs with unless told otherwise (and what its launch command sets).
 */
export interface ServingPolicy {
  /**
   * How the KV cache is sized: "total" — a share of total memory holds weights, reserves and KV (vLLM's
   * gpu_memory_utilization, SGLang's mem_fraction_static); "free" — a share of what the weights and
   * reserves leave (TensorRT-LLM's free_gpu_memory_fraction, TGI's wiggle room); "needed" — exactly the
   * weights, buffers and each slot's whole context (llama.cpp's and Ollama's slots).
   */
  memory: "total" | "free" | "needed";
  /** The share for "total" and "free". */
  fraction: number;
  /** GiB per GPU held back beyond the weights: activations of the largest step, CUDA graphs, the runtime. */
  reserveGib: number;
  kvAllocation: "paged" | "reserved";
  /** The most sequences it runs at once by default. */
  maxSequences: number;
  /** Prompt tokens a step may carry. */
  chunkTokens: number;
  /** Where these defaults are read. */
  source: string;
}

const GIB = 1024 ** 3;

/** vLLM's activation peak for a budget of `tokens` tokens: its logits in FP32 and the activations beside them. */
function vllmActivationGib(model: Pick<ModelSpec, "vocab_size" | "hidden_size">, tokens: number): number {
  // llm-d measured 4.76–7.38 GiB of peak activation at the H100 defaults (8,192-token budget), in proportion
  // to the vocabulary (3.7e-5 GiB per entry): the budget's FP32 logits, ×1.2 for the rest of the step.
  const vocab = model.vocab_size > 0 ? model.vocab_size : 32 * model.hidden_size;
  return (1.2 * tokens * vocab * 4) / GIB;
}

/** A replica's policy under `backend` on replicas of `gpus` × `gpu`. */
export function servingPolicy(backend: string, gpu: Pick<Gpu, "memory_gb" | "name">, model: Pick<ModelSpec, "vocab_size" | "hidden_size">, gpus: number): ServingPolicy {
  const memory = gpu.memory_gb;
  const bigNotA100 = memory >= 70 && !/a100/i.test(gpu.name);
  switch (backend) {
    case "vllm": {
      const chunk = memory >= 160 ? 16384 : bigNotA100 ? 8192 : 2048;
      return {
        memory: "total",
        fraction: 0.92,
        // Non-torch memory 0.13 GiB and CUDA graphs about 0.4 GiB (llm-d's measurements), and the activation peak.
        reserveGib: 0.55 + vllmActivationGib(model, chunk) / gpus,
        kvAllocation: "paged",
        maxSequences: memory >= 160 || bigNotA100 ? 1024 : 256,
        chunkTokens: chunk,
        source:
          "github:vllm-project/vllm vllm/config/cache.py @002f10e0 (gpu_memory_utilization 0.92) and vllm/engine/arg_utils.py @002f10e0 (get_batch_defaults: max_num_seqs 1024 on ≥70 GiB non-A100 or ≥160 GiB, else 256; max_num_batched_tokens for the API server 16384 / 8192 / 2048); github:llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md @4f4d4494 (peak activation, non-torch and CUDA-graph memory)",
      };
    }
    case "sglang": {
      const chunk = memory < 35 ? 2048 : memory < 60 ? 4096 : memory < 160 ? 8192 : 16384;
      const fraction = gpus >= 16 ? 0.79 : gpus >= 8 ? 0.81 : gpus >= 4 ? 0.85 : gpus >= 2 ? 0.87 : 0.88;
      return {
        memory: "total",
        fraction,
        reserveGib: 0,
        kvAllocation: "paged",
        maxSequences: 2048,
        chunkTokens: chunk,
        source:
          "github:sgl-project/sglang python/sglang/srt/server_args.py @001067ff (chunked_prefill_size by GPU memory: 2048 / 4096 / 8192 / 16384; the earlier mem_fraction_static table by tensor-parallel size: 0.88, 0.87, 0.85, 0.81, 0.79; max running requests derived from the KV pool, at least 2048)",
      };
    }
    case "tensorrt-llm":
      return {
        memory: "free",
        fraction: 0.9,
        reserveGib: 1,
        kvAllocation: "paged",
        maxSequences: 2048,
        chunkTokens: 8192,
        source:
          "github:NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py @00043967 (kv_cache_config.free_gpu_memory_fraction 0.9 of free memory after loading; max_batch_size 2048; max_num_tokens 8192)",
      };
    case "tgi":
      return {
        memory: "free",
        fraction: 0.9,
        reserveGib: 1,
        kvAllocation: "paged",
        maxSequences: 128,
        chunkTokens: 4096,
        source:
          "github:huggingface/text-generation-inference launcher/src/main.rs @dfb3fbe7 (cuda_memory_fraction 1.0, TGI_WIGGLE_ROOM 0.9 of free memory; max_concurrent_requests 128; max_batch_prefill_tokens 4096)",
      };
    case "ollama":
      return {
        memory: "needed",
        fraction: 1,
        reserveGib: 0,
        kvAllocation: "reserved",
        maxSequences: 1,
        chunkTokens: 512,
        source: "github:ollama/ollama envconfig and api/types.go @b7871fc0 (OLLAMA_NUM_PARALLEL default 1 since v0.9.7; num_batch 512; KV for num_ctx × num_parallel)",
      };
    default:
      return {
        memory: "needed",
        fraction: 1,
        reserveGib: 0,
        kvAllocation: "reserved",
        maxSequences: 4,
        chunkTokens: 2048,
        source: "github:ggml-org/llama.cpp tools/server/README.md @00dc8057 (-np auto: 4 slots; -b 2048; each slot holds its context)",
      };
  }
}
