import { KERNELS, PLATFORMS } from "../core/kinds.js";
import { predictPrefill } from "../core/laws/prefill.js";
import { decodeStep, meanDecodeContext, stepSeconds } from "../core/laws/roofline.js";
import type { BackendSpec, Kernel, ModelSpec, Platform, QuantLevel } from "../core/catalog/types.js";
import type { RooflineCoefficients, RooflineV1 } from "../schema/fitted-models.js";
import type { PrefillMeasurements } from "../schema/measurements.js";
import { DONORS, type DecodeFit, type DecodeSection } from "./fit-roofline.js";
import { nelderMead } from "./nelder-mead.js";
import { resolveRow } from "./resolve-row.js";

/** One prompt measurement, resolved: the model's shape, the quant, the GPU's figures, and the seconds it took. */
export interface PrefillRow {
  model: ModelSpec;
  quant: QuantLevel;
  backend: string;
  platform: Platform;
  gpu: { fp16_tflops: number; fp16_acc_tflops?: number | undefined; fp8: boolean; bandwidth_gbps: number };
  /** What the backend's FP16 matrix multiplies accumulate in. */
  accumulate: "fp16" | "fp32";
  promptTokens: number;
  /** Seconds measured: the prompt's (prompt tokens over a prompt-processing speed, or a time to first token), or the whole request's. */
  seconds: number;
  /** A time to first token carries the engine's fixed cost, a prompt-processing speed does not; a generation also decodes `outputTokens`. */
  metric: "prefill_tps" | "ttft_ms" | "generation_tps";
  outputTokens: number;
}

/** The prefill part of a pair's coefficients. */
type PrefillFit = Pick<RooflineCoefficients, "compute_efficiency" | "attention_efficiency" | "prefill_ms" | "prefill_source" | "prefill_points">;

/** Prompts from which attention's quadratic term weighs enough to fit its efficiency on. */
const LONG_PROMPT = 2048;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** The single-GPU rows marked used_in_fit, resolved; an unknown model or quant is an error naming the row. */
export function prefillRows(
  file: PrefillMeasurements,
  world: { models: readonly ModelSpec[]; quants: readonly QuantLevel[]; backends: readonly BackendSpec[] },
  measuredModels: readonly ModelSpec[],
): PrefillRow[] {
  return file.points.flatMap((p, i) => {
    if (!p.used_in_fit || p.n_gpus > 1) return [];
    const { model, quant } = resolveRow("data/measurements/prefill.json", i, p, { ...world, measuredModels });
    return [
      {
        model,
        quant,
        backend: p.backend,
        platform: p.platform,
        gpu: { fp16_tflops: p.fp16_tflops, fp16_acc_tflops: p.fp16_acc_tflops, fp8: p.fp8, bandwidth_gbps: p.bandwidth_gbps },
        accumulate: world.backends.find((b) => b.name === p.backend)?.accumulate ?? "fp32",
        promptTokens: p.prompt_tokens,
        seconds: p.metric === "ttft_ms" ? p.value / 1000 : (p.metric === "prefill_tps" ? p.prompt_tokens : p.output_tokens!) / p.value,
        metric: p.metric,
        outputTokens: p.output_tokens ?? 0,
      },
    ];
  });
}

/**
 * Predicted seconds of a row: its prompt's prefill (the engine's fixed cost counts only where the row
 * includes it), and for a whole generation the output tokens' decode steps by the roofline too.
 */
function predictRow(row: PrefillRow, decode: DecodeFit, prefill: PrefillFit): number {
  const step = decodeStep(row.model, row.quant, row.gpu, decode, row.promptTokens);
  const c = { ...decode, ...prefill, prefill_ms: row.metric === "prefill_tps" ? 0 : prefill.prefill_ms };
  const prefillS = predictPrefill(row.model, row.quant, row.gpu, c, row.promptTokens, step.fixedS + step.weightsS, 1, row.accumulate).seconds;
  if (row.metric !== "generation_tps") return prefillS;
  return prefillS + row.outputTokens * stepSeconds(decodeStep(row.model, row.quant, row.gpu, decode, meanDecodeContext(row.promptTokens, row.outputTokens)));
}

/**
 * Fits one group (a backend on a platform, or pooled): each kernel family's share of the dense FP16 FLOPS,
 * attention's share when the rows span short and long prompts (else the FP16 share), and the fixed cost
 * when the rows include times to first token (else none). Least squares on log(predicted / measured).
 */
function fitGroup(rows: readonly PrefillRow[], decode: (row: PrefillRow) => DecodeFit): PrefillFit {
  const kernels = [...new Set(rows.map((r) => r.quant.kernel))].sort();
  const fitAttention = rows.some((r) => r.promptTokens >= LONG_PROMPT) && rows.some((r) => r.promptTokens < LONG_PROMPT);
  const fitFixed = rows.some((r) => r.metric === "ttft_ms");
  // A generation's decode steps are the roofline's; a row set with nothing but generations fits no fixed cost.
  const unpack = (x: readonly number[]): PrefillFit => {
    const compute = Object.fromEntries(kernels.map((k, i) => [k, logistic(x[i]!)])) as Partial<Record<Kernel, number>>;
    const base = compute.fp16 ?? Math.max(...Object.values(compute));
    let next = kernels.length;
    return {
      compute_efficiency: compute,
      attention_efficiency: fitAttention ? logistic(x[next++]!) : base,
      prefill_ms: fitFixed ? Math.exp(x[next]!) : 0,
      prefill_source: "measured",
      prefill_points: rows.length,
    };
  };
  const loss = (x: readonly number[]) => {
    const c = unpack(x);
    return rows.reduce((s, r) => s + Math.log(predictRow(r, decode(r), c) / r.seconds) ** 2, 0);
  };
  const start = [...kernels.map(() => logit(0.5)), ...(fitAttention ? [logit(0.3)] : []), ...(fitFixed ? [Math.log(20)] : [])];
  return unpack(nelderMead(loss, start));
}

/**
 * Adds the prefill figures to every (backend, platform) pair of a decode roofline: fitted on the pair's
 * own prompt measurements, else borrowed from the donor backend on the same platform (Ollama runs
 * llama.cpp's kernels; TGI and SGLang batch like vLLM), else from the donor pooled over every platform,
 * else from whichever backend was measured (the source says which).
 * A kernel family nobody measured runs at the FP16 share (FP8's doubled rate is in the GPU's peak).
 */
export function fitPrefill(section: DecodeSection, rows: readonly PrefillRow[], backends: readonly BackendSpec[], file: string): RooflineV1 {
  const decodeOf = (row: PrefillRow) => section.coefficients[`${row.backend}|${row.platform}`] ?? section.coefficients[`${row.backend}|any`]!;
  const fits = new Map<string, PrefillFit>();
  for (const backend of new Set(rows.map((r) => r.backend))) {
    const own = rows.filter((r) => r.backend === backend);
    fits.set(`${backend}|any`, fitGroup(own, decodeOf));
    for (const platform of PLATFORMS) {
      const group = own.filter((r) => r.platform === platform);
      if (group.length > 0) fits.set(`${backend}|${platform}`, fitGroup(group, decodeOf));
    }
  }
  const coefficients: RooflineV1["coefficients"] = {};
  for (const [key, decode] of Object.entries(section.coefficients)) {
    const [backend, platform] = key.split("|") as [string, string];
    const spec = backends.find((b) => b.name === backend);
    const donor = fits.has(`${backend}|any`) ? backend : DONORS[backend];
    const anyBackend = [...fits.keys()].filter((k) => k.endsWith(`|${platform}`)).concat([...fits.keys()].filter((k) => k.endsWith("|any")));
    const from = [`${backend}|${platform}`, `${donor}|${platform}`, `${donor}|any`, ...anyBackend].find((k) => fits.has(k));
    if (!spec || !from) throw new Error(`no prompt measurement for ${backend} and no donor backend to borrow from`);
    const fit = fits.get(from)!;
    const compute: Partial<Record<Kernel, number>> = {};
    const base = fit.compute_efficiency.fp16 ?? Math.max(...Object.values(fit.compute_efficiency));
    for (const kernel of KERNELS.filter((k) => decode.weight_efficiency[k] !== undefined)) compute[kernel] = fit.compute_efficiency[kernel] ?? base;
    coefficients[key] = {
      ...decode,
      ...fit,
      compute_efficiency: compute,
      prefill_source: from === key ? "measured" : `borrowed from ${from}`,
      prefill_points: from === key ? fit.prefill_points : 0,
    };
  }
  return {
    ...section,
    $comment:
      section.$comment +
      " Prefill = prefill_ms (times to first token only) + max(prompt FLOPs / (dense FP16 FLOPS x compute_efficiency[kernel]) + attention FLOPs / (FLOPS x attention_efficiency), one pass over the weights), fitted on data/measurements/prefill.json.",
    coefficients,
    fit: {
      ...section.fit,
      method: section.fit.method + "; prefill likewise on log(predicted / measured seconds)",
      measurements: [...section.fit.measurements, file],
      n_points: section.fit.n_points + rows.length,
    },
  };
}
