import { normaliseName } from "../catalog/names.js";
import type { ModelSpec, QuantLevel } from "../catalog/types.js";

/**
 * A llama.cpp file type as llama-bench prints it, in the registry's words: "Q4_K - Medium" is Q4_K_M,
 * "Q4_K - Small" Q4_K_S, "Q2_K - Medium" Q2_K, "IQ4_XS - 4.25 bpw" IQ4_XS, "F16" FP16.
 */
export function quantOfFtype(ftype: string): string {
  const t = ftype.trim();
  if (t === "F16") return "FP16";
  const sized = /^(\w+?)\s+-\s+(Small|Medium|Large|[\d.]+ bpw)$/.exec(t);
  if (!sized) return t;
  const [, base, size] = sized;
  if (base === "Q2_K" && size === "Medium") return "Q2_K";
  if (size === "Small" || size === "Medium" || size === "Large") return `${base}_${size[0]}`;
  return base!;
}

/** The last part of a path or a Hugging Face id, without a model file's extension or shard number. */
function baseName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? name;
  return last.replace(/\.(gguf|bin|safetensors)$/i, "").replace(/-\d{5}-of-\d{5}$/, "");
}

/** Escapes a quant name for a regular expression. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The weight format a model file or id names as its last part ("Llama-3.2-1B-Instruct-Q4_K_M.gguf",
 * "ggml-model-q4_0.gguf", "Llama-3.1-405B-Instruct-FP8"), and the name without it; F16 is FP16.
 */
export function quantOfName(name: string, quants: readonly QuantLevel[]): { quant?: string; stem: string } {
  const base = baseName(name);
  const names = [...quants.map((q) => q.name), "F16"].sort((a, b) => b.length - a.length);
  for (const q of names) {
    const match = new RegExp(`^(.*?)[-_.]${escape(q)}$`, "i").exec(base);
    if (match) return { quant: q === "F16" ? "FP16" : q, stem: match[1]! };
  }
  return { stem: base };
}

/** The entry one of whose names (or aliases) is `query`, ignoring case and punctuation; undefined for none. */
export function exactlyNamed<T extends { name: string; aliases?: readonly string[] | undefined }>(items: readonly T[], query: string): T | undefined {
  const wanted = normaliseName(query);
  return wanted === "" ? undefined : items.find((item) => [item.name, ...(item.aliases ?? [])].some((n) => normaliseName(n) === wanted));
}

/**
 * A registry model a benchmark's name is for: a name or alias (a Hugging Face id, an Ollama tag) ignoring
 * case and punctuation, or the one whose Hugging Face id ends in the same name ("Llama-3.2-1B-Instruct"
 * from a GGUF file is meta-llama/Llama-3.2-1B-Instruct). Nothing nearer: a near name is not the model.
 */
export function modelNamed(models: readonly ModelSpec[], name: string): ModelSpec | undefined {
  const exact = exactlyNamed(models, name);
  if (exact) return exact;
  const wanted = normaliseName(baseName(name));
  if (wanted === "") return undefined;
  const matches = models.filter((m) => [m.name, ...m.aliases].some((a) => normaliseName(baseName(a)) === wanted));
  return matches.length === 1 ? matches[0] : undefined;
}
