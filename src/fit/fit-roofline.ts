import { decodeStep, stepSeconds } from "../core/laws/roofline.js";
import type { BackendSpec, Kernel, ModelSpec, Platform, QuantLevel } from "../core/catalog/types.js";
import type { Anchor, RooflineCoefficients, RooflineV1 } from "../schema/fitted-models.js";

/** The decode part of a pair's coefficients (fit-prefill.ts adds the prefill part). */
export type DecodeFit = Omit<RooflineCoefficients, "compute_efficiency" | "attention_efficiency" | "prefill_ms" | "prefill_source" | "prefill_points">;

/** The roofline section before its prefill figures are fitted. */
export type DecodeSection = Omit<RooflineV1, "coefficients"> & { coefficients: Record<string, DecodeFit> };
import { KERNELS, PLATFORMS } from "../core/kinds.js";
import { nelderMead } from "./nelder-mead.js";

/** One decode measurement, resolved: the model's shape, the quant, and the GPU's figures. */
export interface DecodeRow {
  model: ModelSpec;
  quant: QuantLevel;
  backend: string;
  gpu: string;
  platform: Platform;
  bandwidthGbps: number;
  /** The mean context over the measured response. */
  contextTokens: number;
  tokensPerSecond: number;
  /** Whether the model is in the registry (its row then also wins on its GPU). */
  registry: boolean;
  /** Where the row is: the measurement file and its index there (which names the publication). */
  source: string;
}

/** A backend with no measurement of its own takes another's kernels: Ollama runs llama.cpp's; SGLang, TGI and TensorRT-LLM are batching engines like vLLM. */
export const DONORS: Readonly<Record<string, string>> = { ollama: "llama.cpp", sglang: "vllm", tgi: "vllm", "tensorrt-llm": "vllm" };

/** The kernel family whose efficiency ratio stands in for one nobody measured. */
const KERNEL_STANDINS: Readonly<Partial<Record<Kernel, Kernel>>> = { gguf_i: "gguf_k", gguf_legacy: "gguf_k", fp8: "fp16" };

/** Contexts from which a row's KV cache read weighs enough to fit the KV efficiency on. */
const LONG_CONTEXT = 4096;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** The coefficients fitted for one backend: per platform ("any" pools every platform), and the KV efficiency. */
interface BackendFit {
  platforms: Map<Platform | "any", { coefficients: DecodeFit; n: number }>;
}

/** Predicted tok/s of a row under coefficients. */
function predict(row: DecodeRow, c: DecodeFit): number {
  return 1 / stepSeconds(decodeStep(row.model, row.quant, { bandwidth_gbps: row.bandwidthGbps }, c, row.contextTokens));
}

/**
 * Fits one group of rows (one backend on one platform, or pooled as "any"): the fixed time per layer, the
 * bandwidth share per kernel family, and the KV cache's share when the rows reach long contexts (else the
 * KV cache is read like FP16 weights: streaming attention kernels read it as they read weights). Least
 * squares on log(predicted / measured), so every row weighs by its relative error.
 */
function fitGroup(rows: readonly DecodeRow[], kvFixed: number | undefined): DecodeFit {
  const kernels = [...new Set(rows.map((r) => r.quant.kernel))].sort();
  const fitKv = kvFixed === undefined && rows.some((r) => r.contextTokens >= LONG_CONTEXT);
  const unpack = (x: readonly number[]): DecodeFit => {
    const weight = Object.fromEntries(kernels.map((k, i) => [k, logistic(x[1 + i]!)])) as Partial<Record<Kernel, number>>;
    const fp16 = weight.fp16 ?? Math.max(...Object.values(weight));
    return {
      layer_ms: Math.exp(x[0]!),
      kv_efficiency: fitKv ? logistic(x[1 + kernels.length]!) : (kvFixed ?? fp16),
      weight_efficiency: weight as Record<Kernel, number>,
      source: "measured",
      measured_kernels: kernels,
      n_points: rows.length,
    };
  };
  const loss = (x: readonly number[]) => {
    const c = unpack(x);
    return rows.reduce((s, r) => s + Math.log(predict(r, c) / r.tokensPerSecond) ** 2, 0);
  };
  const start = [Math.log(0.1), ...kernels.map(() => logit(0.8)), ...(fitKv ? [0] : [])];
  return unpack(nelderMead(loss, start));
}

/** Fits every platform of one backend and the pooled "any", sharing the KV efficiency the long rows give. */
function fitBackend(rows: readonly DecodeRow[]): BackendFit {
  const pooled = fitGroup(rows, undefined);
  const kv = rows.some((r) => r.contextTokens >= LONG_CONTEXT) ? pooled.kv_efficiency : undefined;
  const platforms: BackendFit["platforms"] = new Map([["any", { coefficients: pooled, n: rows.length }]]);
  for (const platform of PLATFORMS) {
    const own = rows.filter((r) => r.platform === platform);
    if (own.length > 0) platforms.set(platform, { coefficients: fitGroup(own, kv), n: own.length });
  }
  return { platforms };
}

/** A kernel's efficiency relative to FP16's, from a fit that measured both; undefined otherwise. */
function ratio(c: DecodeFit | undefined, kernel: Kernel): number | undefined {
  if (!c || !c.measured_kernels.includes(kernel) || !c.measured_kernels.includes("fp16")) return undefined;
  return c.weight_efficiency[kernel]! / c.weight_efficiency.fp16!;
}

/**
 * The roofline section: coefficients for every backend on every platform it runs on and for "any", each
 * fitted on its own measurements where they exist, else borrowed (and saying from where); and the
 * measured rows of registry models, which win on the GPU they were measured on.
 */
export function fitRoofline(rows: readonly DecodeRow[], backends: readonly BackendSpec[], files: string[]): DecodeSection {
  const fits = new Map<string, BackendFit>();
  for (const backend of new Set(rows.map((r) => r.backend))) fits.set(backend, fitBackend(rows.filter((r) => r.backend === backend)));
  const fitted = (backend: string, platform: Platform | "any") => fits.get(backend)?.platforms.get(platform)?.coefficients;

  const coefficients: DecodeSection["coefficients"] = {};
  for (const backend of backends) {
    const donor = fits.has(backend.name) ? backend.name : DONORS[backend.name];
    if (donor === undefined || !fits.has(donor)) throw new Error(`no decode measurement for ${backend.name} and no donor backend to borrow from`);
    const served = backend.formats ? KERNELS.filter((k) => kernelServed(k, backend.formats!)) : [...KERNELS];
    for (const platform of [...(backend.platforms ?? PLATFORMS), "any"] as const) {
      const own = fitted(donor, platform);
      const base = own ?? fitted(donor, "nvidia") ?? fitted(donor, "any")!;
      const from = donor !== backend.name || !own ? `${donor}|${own ? platform : fitted(donor, "nvidia") ? "nvidia" : "any"}` : undefined;
      const weight: Partial<Record<Kernel, number>> = {};
      for (const kernel of served) {
        const measured = base.measured_kernels.includes(kernel) ? base.weight_efficiency[kernel] : undefined;
        const standIn = KERNEL_STANDINS[kernel];
        const r =
          ratio(fitted(donor, "any"), kernel) ??
          ratio(fitted(kernelDonor(kernel), "any"), kernel) ??
          (standIn ? (ratio(fitted(donor, "any"), standIn) ?? ratio(fitted(kernelDonor(standIn), "any"), standIn)) : undefined) ??
          1;
        weight[kernel] = measured ?? Math.min(1, (base.weight_efficiency.fp16 ?? base.weight_efficiency[base.measured_kernels[0]!]!) * r);
      }
      coefficients[`${backend.name}|${platform}`] = {
        layer_ms: base.layer_ms,
        kv_efficiency: base.kv_efficiency,
        weight_efficiency: weight as Record<Kernel, number>,
        source: from === undefined ? "measured" : `borrowed from ${from}`,
        measured_kernels: from === undefined ? base.measured_kernels.filter((k) => served.includes(k)) : [],
        n_points: from === undefined ? base.n_points : 0,
      };
    }
  }
  const anchors: Anchor[] = rows
    .filter((r) => r.registry)
    .map((r) => ({
      model: r.model.name,
      quant: r.quant.name,
      backend: r.backend,
      gpu: r.gpu,
      bandwidth_gbps: r.bandwidthGbps,
      platform: r.platform,
      context_tokens: r.contextTokens,
      tokens_per_second: r.tokensPerSecond,
      source: r.source,
    }));
  const errors = rows.map((r) => {
    const c = coefficients[`${r.backend}|${r.platform}`]!;
    return predict(r, c) / r.tokensPerSecond - 1;
  });
  return {
    $comment:
      "Decode step = layers x layer_ms + weights read / (bandwidth x weight_efficiency[kernel]) + KV cache read / (bandwidth x kv_efficiency), per backend|platform. Fitted by scripts/fit-coefficients.ts on data/measurements/decode.json; do not edit by hand.",
    coefficients,
    anchors,
    fit: {
      method: "least squares on log(predicted / measured) per backend and platform (Nelder-Mead); unmeasured pairs borrow as their source says",
      script: "scripts/fit-coefficients.ts",
      measurements: files,
      n_points: rows.length,
      rmse: Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length),
      max_abs_error: Math.max(...errors.map(Math.abs)),
    },
  };
}

/** Which formats a kernel family reads. */
function kernelServed(kernel: Kernel, formats: readonly string[]): boolean {
  const format = kernel.startsWith("gguf") ? "gguf" : kernel;
  return formats.includes(format);
}

/** The backend whose measurements speak for a kernel family: llama.cpp for GGUF, vLLM for the rest. */
function kernelDonor(kernel: Kernel): string {
  return kernel.startsWith("gguf") ? "llama.cpp" : "vllm";
}
