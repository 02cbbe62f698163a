import type { LaunchShape } from "./launch-types.js";

/**
 * The GGUF file llama.cpp and Ollama load for a candidate: the Hugging Face repository's name (else the
 * registry's) and the quantization, as GGUF files are commonly named ("Llama-3.1-8B-Instruct-Q4_K_M.gguf";
 * 16-bit weights: F16). The registry holds no GGUF repositories, so the file is named, not fetched.
 */
export function ggufFile(shape: LaunchShape): string {
  const base = shape.model.hfId?.split("/").pop() ?? shape.model.name;
  const quant = shape.quant.format === "fp16" ? "F16" : shape.quant.name;
  return `${base}-${quant}.gguf`;
}
