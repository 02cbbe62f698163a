import type { BackendSpec, Kernel, Platform } from "../core/catalog/types.js";
import { KERNELS, PLATFORMS } from "../core/kinds.js";
import {
  loadReplica,
  predictDecode,
  predictLoad,
  predictPrefill,
  type DecodeRow,
  type LoadRow,
  type PrefillRow,
} from "../core/validation/measured-rows.js";
import type { StepPair, StepV1, VramV2 } from "../schema/fitted-models.js";
import { LINK_CLASSES } from "../schema/fitted-models.js";
import { nelderMead } from "./nelder-mead.js";
import { linkClass } from "../core/laws/step-coefficients.js";

/** A backend with no measurement of its own takes another's kernels: Ollama runs llama.cpp's; SGLang, TGI and TensorRT-LLM are batching engines like vLLM. */
const DONORS: Readonly<Record<string, string>> = { ollama: "llama.cpp", sglang: "vllm", tgi: "vllm", "tensorrt-llm": "vllm" };

/** The kernel family whose efficiency ratio stands in for one nobody measured. */
const KERNEL_STANDINS: Readonly<Partial<Record<Kernel, Kernel>>> = { gguf_i: "gguf_k", gguf_legacy: "gguf_k", fp8: "fp16", mxfp4: "awq", nvfp4: "fp8" };

/** A platform's own decode fit needs this many rows over at least two GPUs; with fewer it borrows, and says so. */
const MIN_PLATFORM_ROWS = 8;

/** Contexts from which a row's KV cache read weighs enough to fit the KV efficiency on. */
const LONG_CONTEXT = 4096;

/** Prompts from which attention's quadratic term weighs enough to fit its efficiency on. */
const LONG_PROMPT = 2048;

/** Per-layer time scales with bandwidth to this power: the exponents tried (the fit keeps the best). */
const LAYER_EXPONENTS = [0, 0.25, 0.5, 0.75, 1];

/** The bandwidth the per-layer time is quoted at. */
const REFERENCE_GBPS = 1000;

/** How close Nelder–Mead's simplex gets before it stops: far below any figure's rounding. */
const TOLERANCE = 1e-10;

/** The range AMD's shares may take relative to NVIDIA's with the same backend: the rows may not make a platform's kernels implausibly slow or fast. */
const AMD_SCALE = { min: 0.25, max: 1.25 } as const;

/** The range a backend's compute shares under load may take over its prompt rows'. */
const COMPUTE_SCALE = { min: 0.25, max: 2 } as const;

/** The range a fitted all-reduce latency may take, microseconds: NCCL's and RCCL's small-message latencies lie well inside it. */
const ALLREDUCE_US = { min: 2, max: 200 } as const;
/** The share of a link's datasheet bandwidth an all-reduce may reach: NCCL's bus bandwidth is below the peak, never above. */
const LINK_EFFICIENCY = { min: 0.05, max: 1 } as const;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
/** A value in (min, max) from an unbounded one, and back. */
const within = (x: number, r: { min: number; max: number }) => r.min + (r.max - r.min) * logistic(x);
const unwithin = (v: number, r: { min: number; max: number }) => logit((v - r.min) / (r.max - r.min));
// (Clamped: a figure at its bound maps to a finite start.)
const logit = (p: number) => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};

/** The measurements the step is fitted on, resolved (measured-rows.ts). */
export interface StepRows {
  decode: readonly DecodeRow[];
  prefill: readonly PrefillRow[];
  load: readonly LoadRow[];
}

/** What a pair starts as before anything is fitted: every share 1, no fixed time. */
function blankPair(): StepPair {
  return {
    layer_ms: 0,
    weight_efficiency: { fp16: 1 },
    kv_efficiency: 1,
    measured_kernels: [],
    decode_source: "fitted",
    decode_points: 0,
    compute_efficiency: { fp16: 1 },
    attention_efficiency: 1,
    first_token_ms: 0,
    prefill_source: "fitted",
    prefill_points: 0,
    step_ms: 0,
    sequence_ms: 0,
    load_source: "fitted",
    load_points: 0,
  };
}

/** The load figures of a backend (shared by its platforms). */
interface LoadFit {
  step_ms: number;
  sequence_ms: number;
  first_token_ms: number;
  /** The shares of the peak its matrix multiplies and attention reach under load, over the prompt rows' (1: the same). */
  compute: number;
  attention: number;
}

/** A platform's shares of what the same backend reaches on NVIDIA, fitted on its serving rows where it has them. */
interface PlatformScale {
  bandwidth: number;
  compute: number;
}

/** A section around one pair, for predicting one row with candidate figures. */
function sectionWith(base: StepV1, key: string, pair: StepPair): StepV1 {
  return { ...base, pairs: { ...base.pairs, [key]: pair } };
}

/** The scale of the robust loss: a row off by about this much (in log terms) starts to count less than its square. */
const ROBUST_SCALE = 0.25;

/**
 * The Cauchy loss of log(predicted / measured), weighted: ln(1 + (e / scale)²). Near the measurement it is
 * least squares; a row the physics cannot describe (a kernel path, a measurement convention) pulls the fit
 * only logarithmically.
 */
function logLoss(pairs: readonly { predicted: number; measured: number; weight: number }[]): number {
  let sum = 0;
  for (const p of pairs) {
    const e = Number.isFinite(p.predicted) && p.predicted > 0 ? Math.log(p.predicted / p.measured) : 5;
    sum += p.weight * Math.log1p((e / ROBUST_SCALE) ** 2);
  }
  return sum;
}

/**
 * The decode figures of one group of single-stream rows (a backend on a platform, or pooled as "any"):
 * the fixed time per layer, the bandwidth share per kernel family, and the KV cache's share when the rows
 * reach long contexts (else the KV cache is read like FP16 weights). The backend's load figures stay as
 * given. Least squares on log(predicted / measured).
 */
function fitDecodeGroup(rows: readonly DecodeRow[], base: StepV1, key: string, pair: StepPair, kvFixed: number | undefined): StepPair {
  const kernels = [...new Set(rows.map((r) => r.quant.kernel))].sort();
  const fitKv = kvFixed === undefined && rows.some((r) => r.promptTokens + r.outputTokens / 2 >= LONG_CONTEXT);
  const unpack = (x: readonly number[]): StepPair => {
    const weight = Object.fromEntries(kernels.map((k, i) => [k, logistic(x[1 + i]!)])) as Partial<Record<Kernel, number>>;
    const fp16 = weight.fp16 ?? Math.max(...Object.values(weight));
    return {
      ...pair,
      layer_ms: Math.exp(x[0]!),
      weight_efficiency: weight,
      kv_efficiency: fitKv ? logistic(x[1 + kernels.length]!) : (kvFixed ?? fp16),
      measured_kernels: kernels,
      decode_source: "fitted",
      decode_points: rows.length,
    };
  };
  const loss = (x: readonly number[]) => {
    const section = sectionWith(base, key, unpack(x));
    return logLoss(rows.map((r) => ({ predicted: predictDecode(r, section), measured: r.tokensPerSecond, weight: 1 })));
  };
  const start = [Math.log(0.05), ...kernels.map(() => logit(0.8)), ...(fitKv ? [logit(0.7)] : [])];
  return unpack(nelderMead(loss, start, 0.5, 4000, TOLERANCE));
}

/** Whether a group has rows enough of its own: at least MIN_PLATFORM_ROWS over two GPUs or more. */
function enough(rows: readonly { gpu: { name: string } }[]): boolean {
  return rows.length >= MIN_PLATFORM_ROWS && new Set(rows.map((r) => r.gpu.name)).size >= 2;
}

/** A kernel's efficiency relative to FP16's, from a fit that measured both. */
function ratio(pair: StepPair | undefined, kernel: Kernel): number | undefined {
  if (!pair || !pair.measured_kernels.includes(kernel) || !pair.measured_kernels.includes("fp16")) return undefined;
  return pair.weight_efficiency[kernel]! / pair.weight_efficiency.fp16!;
}

/** Which formats a kernel family reads. */
function kernelServed(kernel: Kernel, formats: readonly string[]): boolean {
  return formats.includes(kernel.startsWith("gguf") ? "gguf" : kernel);
}

/** The backend whose measurements speak for a kernel family: llama.cpp for GGUF, vLLM for the rest. */
function kernelDonor(kernel: Kernel): string {
  return kernel.startsWith("gguf") ? "llama.cpp" : "vllm";
}

/**
 * The decode figures of every (backend, platform) pair and of each backend's "any": fitted on the pair's
 * own rows where it has enough, else borrowed from the backend on NVIDIA, else from its donor backend
 * (the source says which). Kernel families a pair never measured take their ratio to FP16 from a fit that
 * did, capped at 1.
 */
function fitDecode(rows: readonly DecodeRow[], backends: readonly BackendSpec[], base: StepV1): Record<string, StepPair> {
  const fitted = new Map<string, StepPair>();
  for (const backend of new Set(rows.map((r) => r.backend.name))) {
    const own = rows.filter((r) => r.backend.name === backend);
    // A backend measured on too few rows or one GPU borrows its donor's kernels whole.
    if (!enough(own)) continue;
    const pooledKey = `${backend}|any`;
    // The pooled fit speaks for a GPU known only by its figures: its rows are predicted as such a GPU's.
    const anyRows = own.map((r) => ({ ...r, gpu: { ...r.gpu, platform: "any" as const } }));
    const pooled = fitDecodeGroup(anyRows, base, pooledKey, base.pairs[pooledKey] ?? blankPair(), undefined);
    fitted.set(pooledKey, pooled);
    const kv = own.some((r) => r.promptTokens + r.outputTokens / 2 >= LONG_CONTEXT) ? pooled.kv_efficiency : undefined;
    for (const platform of PLATFORMS) {
      const group = own.filter((r) => r.gpu.platform === platform);
      const key = `${backend}|${platform}`;
      if (enough(group)) fitted.set(key, fitDecodeGroup(group, base, key, base.pairs[key] ?? blankPair(), kv));
    }
  }
  const pairs: Record<string, StepPair> = {};
  for (const backend of backends) {
    const donor = fitted.has(`${backend.name}|any`) ? backend.name : DONORS[backend.name];
    if (donor === undefined || !fitted.has(`${donor}|any`)) throw new Error(`no decode measurement for ${backend.name} and no donor backend to borrow from`);
    const served = backend.formats ? KERNELS.filter((k) => kernelServed(k, backend.formats!)) : [...KERNELS];
    for (const platform of [...(backend.platforms ?? PLATFORMS), "any"] as const) {
      const fromKey = [`${donor}|${platform}`, `${donor}|nvidia`, `${donor}|any`].find((k) => fitted.has(k))!;
      const from = fitted.get(fromKey)!;
      const ownFit = donor === backend.name && fromKey === `${backend.name}|${platform}`;
      const weight: Partial<Record<Kernel, number>> = {};
      for (const kernel of served) {
        const measured = from.measured_kernels.includes(kernel) ? from.weight_efficiency[kernel] : undefined;
        const standIn = KERNEL_STANDINS[kernel];
        const r =
          ratio(fitted.get(`${donor}|any`), kernel) ??
          ratio(fitted.get(`${kernelDonor(kernel)}|any`), kernel) ??
          (standIn ? (ratio(fitted.get(`${donor}|any`), standIn) ?? ratio(fitted.get(`${kernelDonor(standIn)}|any`), standIn)) : undefined) ??
          1;
        const fp16 = from.weight_efficiency.fp16 ?? from.weight_efficiency[from.measured_kernels[0]!]!;
        weight[kernel] = measured ?? Math.min(1, fp16 * r);
      }
      pairs[`${backend.name}|${platform}`] = {
        ...(base.pairs[`${backend.name}|${platform}`] ?? blankPair()),
        layer_ms: from.layer_ms,
        kv_efficiency: from.kv_efficiency,
        weight_efficiency: weight,
        measured_kernels: ownFit ? from.measured_kernels.filter((k) => served.includes(k)) : [],
        decode_source: ownFit ? "fitted" : `borrowed from ${fromKey}`,
        decode_points: ownFit ? from.decode_points : 0,
      };
    }
  }
  return pairs;
}

/**
 * The prefill figures of one group: each kernel family's share of the format's peak FLOPS, attention's
 * share when the rows span short and long prompts (else the FP16 share), and the fixed first-token time
 * when the rows include times to first token (else none).
 */
function fitPrefillGroup(rows: readonly PrefillRow[], base: StepV1, keyOf: (row: PrefillRow) => string): Pick<StepPair, "compute_efficiency" | "attention_efficiency" | "first_token_ms" | "prefill_points"> {
  const kernels = [...new Set(rows.map((r) => r.quant.kernel))].sort();
  const fitAttention = rows.some((r) => r.promptTokens >= LONG_PROMPT) && rows.some((r) => r.promptTokens < LONG_PROMPT);
  const fitFixed = rows.some((r) => r.metric === "ttft_ms");
  const unpack = (x: readonly number[]) => {
    const compute = Object.fromEntries(kernels.map((k, i) => [k, logistic(x[i]!)])) as Partial<Record<Kernel, number>>;
    const fp16 = compute.fp16 ?? Math.max(...Object.values(compute));
    let next = kernels.length;
    return {
      compute_efficiency: compute,
      attention_efficiency: fitAttention ? logistic(x[next++]!) : fp16,
      first_token_ms: fitFixed ? Math.exp(x[next]!) : 0,
      prefill_points: rows.length,
    };
  };
  const loss = (x: readonly number[]) => {
    const figures = unpack(x);
    return logLoss(
      rows.map((r) => {
        const key = keyOf(r);
        const section = sectionWith(base, key, { ...base.pairs[key]!, ...figures });
        return { predicted: predictPrefill(r, section), measured: r.seconds, weight: 1 };
      }),
    );
  };
  const start = [...kernels.map(() => logit(0.5)), ...(fitAttention ? [logit(0.3)] : []), ...(fitFixed ? [Math.log(20)] : [])];
  return unpack(nelderMead(loss, start, 0.5, 4000, TOLERANCE));
}

/**
 * The prefill figures of every pair: fitted on the pair's own prompt rows, else borrowed from its donor
 * on the same platform, its donor pooled, or whichever backend was measured (the source says which).
 */
function fitPrefill(rows: readonly PrefillRow[], base: StepV1): Record<string, StepPair> {
  const fits = new Map<string, ReturnType<typeof fitPrefillGroup>>();
  const pairKey = (r: PrefillRow) => (base.pairs[`${r.backend.name}|${r.gpu.platform}`] ? `${r.backend.name}|${r.gpu.platform}` : `${r.backend.name}|any`);
  for (const backend of new Set(rows.map((r) => r.backend.name))) {
    const own = rows.filter((r) => r.backend.name === backend);
    fits.set(`${backend}|any`, fitPrefillGroup(own, base, pairKey));
    for (const platform of PLATFORMS) {
      const group = own.filter((r) => r.gpu.platform === platform);
      if (group.length > 0) fits.set(`${backend}|${platform}`, fitPrefillGroup(group, base, pairKey));
    }
  }
  const pairs: Record<string, StepPair> = {};
  for (const [key, pair] of Object.entries(base.pairs)) {
    const [backend, platform] = key.split("|") as [string, string];
    const donor = fits.has(`${backend}|any`) ? backend : DONORS[backend];
    const anyBackend = [...fits.keys()].filter((k) => k.endsWith(`|${platform}`)).concat([...fits.keys()].filter((k) => k.endsWith("|any")));
    const from = [`${backend}|${platform}`, `${donor}|${platform}`, `${donor}|any`, ...anyBackend].find((k) => fits.has(k));
    if (!from) throw new Error(`no prompt measurement for ${backend} and no donor backend to borrow from`);
    const fit = fits.get(from)!;
    const fp16 = fit.compute_efficiency.fp16 ?? Math.max(...Object.values(fit.compute_efficiency));
    const compute: Partial<Record<Kernel, number>> = {};
    for (const kernel of KERNELS.filter((k) => pair.weight_efficiency[k] !== undefined)) compute[kernel] = fit.compute_efficiency[kernel] ?? fp16;
    pairs[key] = {
      ...pair,
      compute_efficiency: compute,
      attention_efficiency: fit.attention_efficiency,
      first_token_ms: fit.first_token_ms,
      prefill_source: from === key ? "fitted" : `borrowed from ${from}`,
      prefill_points: from === key ? fit.prefill_points : 0,
    };
  }
  return pairs;
}

/** A load row ready to predict: its replica's memory and scheduler do not change as the load figures do. */
interface PreparedRow {
  row: LoadRow;
  weight: number;
}

/** Each source's rows together weigh as the square root of their number: one publication's sweep must not outvote the rest. */
function weights(rows: readonly LoadRow[]): PreparedRow[] {
  const count = new Map<string, number>();
  const publication = (r: LoadRow) => r.source.replace(/ points\.\d+$/, "") + "|" + r.backend.name;
  for (const r of rows) count.set(publication(r), (count.get(publication(r)) ?? 0) + 1);
  return rows.map((row) => ({ row, weight: 1 / Math.sqrt(count.get(publication(row))!) }));
}

/** The load figures a section carries for `rows`' predictions: the backends' step and sequence times, the links' latency, the experts'. */
interface LoadFigures {
  backends: Record<string, LoadFit>;
  amd: PlatformScale;
  /** The backends measured on AMD under load, whose AMD pairs take AMD's shares. */
  amdBackends: readonly string[];
  links: Record<(typeof LINK_CLASSES)[number], { allreduce_us: number; bandwidth_efficiency: number }>;
  experts: ExpertFit;
  /** Platforms whose mixtures' rows are enough to fit their own experts' figures (see EXPERT_PLATFORM_ROWS). */
  expertPlatforms: Partial<Record<Platform, ExpertFit>>;
}

/** What the load fit finds of a mixture's experts: the share of bandwidth they are read at, and milliseconds per MoE layer. */
interface ExpertFit {
  read_efficiency: number;
  layer_ms: number;
}

/** A section with load figures in place. */
function withLoad(base: StepV1, figures: LoadFigures): StepV1 {
  const pairs: Record<string, StepPair> = {};
  for (const [key, pair] of Object.entries(base.pairs)) {
    const backend = key.split("|")[0]!;
    const load = figures.backends[backend];
    let next = load
      ? scaledCompute({ ...pair, step_ms: load.step_ms, sequence_ms: load.sequence_ms, first_token_ms: load.first_token_ms }, load.compute, load.attention)
      : pair;
    // An AMD pair borrowed from NVIDIA's kernels takes the shares AMD's own serving rows show.
    if (key.endsWith("|amd") && pair.decode_source !== "fitted" && figures.amdBackends.includes(backend)) next = scaled(next, figures.amd);
    pairs[key] = next;
  }
  const links = Object.fromEntries(LINK_CLASSES.map((c) => [c, { ...base.links[c], ...figures.links[c] }])) as StepV1["links"];
  const platforms = Object.entries(figures.expertPlatforms).map(([platform, fit]) => [platform, { ...base.experts, ...fit }]);
  const experts = { ...base.experts, ...figures.experts, ...(platforms.length > 0 ? { platforms: Object.fromEntries(platforms) } : {}) };
  return { ...base, pairs, links, experts };
}

/** A pair's bandwidth and compute shares scaled (each at most 1). */
function scaled(pair: StepPair, scale: PlatformScale): StepPair {
  const times = (record: Partial<Record<Kernel, number>>, k: number) => Object.fromEntries(Object.entries(record).map(([kernel, e]) => [kernel, Math.min(1, e! * k)]));
  return {
    ...pair,
    weight_efficiency: times(pair.weight_efficiency, scale.bandwidth),
    kv_efficiency: Math.min(1, pair.kv_efficiency * scale.bandwidth),
    compute_efficiency: times(pair.compute_efficiency, scale.compute),
    attention_efficiency: Math.min(1, pair.attention_efficiency * scale.compute),
  };
}

/** A pair's compute and attention shares scaled (each at most 1). */
function scaledCompute(pair: StepPair, compute: number, attention: number): StepPair {
  if (compute === 1 && attention === 1) return pair;
  return {
    ...pair,
    compute_efficiency: Object.fromEntries(Object.entries(pair.compute_efficiency).map(([k, e]) => [k, Math.min(1, e! * compute)])),
    attention_efficiency: Math.min(1, pair.attention_efficiency * attention),
  };
}

/** Squared log errors of load rows under a section. */
function loadLoss(rows: readonly PreparedRow[], section: StepV1, vram: VramV2): number {
  return logLoss(rows.map(({ row, weight }) => ({ predicted: predictLoad(row, loadReplica(row, section, vram)), measured: row.measured, weight })));
}

/** The link class of a row's GPUs, when it splits a replica over several. */
function linkOf(row: LoadRow): (typeof LINK_CLASSES)[number] | undefined {
  return row.parallelism.gpusPerReplica < 2 ? undefined : linkClass(row.gpu);
}

/**
 * Rows of mixtures a platform other than NVIDIA needs to fit its own experts' figures: its MoE kernels
 * (routing, grouped matrix multiplies) are its own, and what they cost would otherwise be charged to its
 * links or to NVIDIA's experts.
 */
const EXPERT_PLATFORM_ROWS = 20;

/** Sequences at once up to which a row shows a backend's fixed time per step. */
const FEW_SEQUENCES = 16;

/** Rows of few sequences a backend needs for its fixed time per step to be fitted. */
const MIN_STEP_ROWS = 3;

/** Nelder–Mead's budget for one coordinate of the load fit: each has a few figures over many rows. */
const LOAD_ITERATIONS = 150;
const LOAD_TOLERANCE = 1e-7;

/**
 * The load figures, by coordinate descent: each backend's step, per-sequence and first-token times on
 * its own rows; AMD's bandwidth and compute shares on AMD's rows of dense models, for the backends
 * measured there (where their pairs borrow NVIDIA's kernels); the links' all-reduce latency and bandwidth
 * share on dense models' rows split over them; the experts' figures on mixtures' rows, per platform where
 * one has EXPERT_PLATFORM_ROWS of its own; twice over.
 * Unmeasured backends borrow their donor's; unmeasured link classes PCIe's.
 */
function fitLoad(rows: readonly LoadRow[], base: StepV1, vram: VramV2, backends: readonly BackendSpec[]): StepV1 {
  const prepared = weights(rows);
  const figures: LoadFigures = {
    backends: Object.fromEntries(backends.map((b) => [b.name, { step_ms: 0.5, sequence_ms: 0.05, first_token_ms: base.pairs[`${b.name}|any`]?.first_token_ms ?? 0, compute: 1, attention: 1 }])),
    amd: { bandwidth: 1, compute: 1 },
    // A mixture's rows on AMD carry the experts' figures too: AMD's shares are fitted on dense models.
    amdBackends: [...new Set(rows.filter((r) => r.gpu.platform === "amd" && !r.model.experts).map((r) => r.backend.name))],
    links: { nvlink: { allreduce_us: 20, bandwidth_efficiency: 0.7 }, pcie: { allreduce_us: 60, bandwidth_efficiency: 0.7 }, infinity_fabric: { allreduce_us: 30, bandwidth_efficiency: 0.7 } },
    experts: { read_efficiency: 0.7, layer_ms: 0.02 },
    expertPlatforms: {},
  };
  // The platforms whose mixtures are measured enough to take their own experts' figures.
  const moeRows = (platform: Platform) => rows.filter((r) => r.model.experts && r.gpu.platform === platform).length;
  const expertPlatforms = PLATFORMS.filter((p) => p !== "nvidia" && moeRows(p) >= EXPERT_PLATFORM_ROWS);
  for (const platform of expertPlatforms) figures.expertPlatforms[platform] = { ...figures.experts };
  const counts = new Map<string, number>();
  // Backends that lend come first: a borrower's step is then its donor's of the same round.
  const measured = [...new Set(rows.map((r) => r.backend.name))].sort((a, b) => (DONORS[a] === undefined ? 0 : 1) - (DONORS[b] === undefined ? 0 : 1));
  const fitted = (loss: (x: readonly number[]) => number, start: number[]) => nelderMead(loss, start, 0.5, LOAD_ITERATIONS, LOAD_TOLERANCE);
  for (let round = 0; round < 2; round++) {
    for (const backend of measured) {
      const own = prepared.filter((p) => p.row.backend.name === backend);
      counts.set(backend, own.length);
      // The first-token time is fitted only where the rows time first tokens, the compute shares only where
      // long prompts make compute show; else the prompt rows' figures stand.
      const timesFirstToken = own.some((p) => p.row.metric === "ttft_ms_p50");
      // (A static batch's decode runs thin matrix multiplies that say nothing of a prompt's.)
      const computeShows = own.some((p) => p.row.load.kind !== "batch" && p.row.promptTokens >= LONG_PROMPT);
      // A fixed time per step shows only where few sequences run at once: a backend measured only at
      // hundreds (offline runs) cannot tell it from per-sequence and arithmetic time, and takes its donor's.
      const few = own.filter((p) => (p.row.load.kind === "concurrency" || p.row.load.kind === "batch") && p.row.load.value <= FEW_SEQUENCES);
      const stepShows = few.length >= MIN_STEP_ROWS || DONORS[backend] === undefined;
      const c = figures.backends[backend]!;
      const donorStepMs = figures.backends[DONORS[backend] ?? backend]?.step_ms ?? c.step_ms;
      const unpack = (x: readonly number[]): LoadFit => {
        let next = stepShows ? 2 : 1;
        return {
          step_ms: stepShows ? Math.exp(x[0]!) : donorStepMs,
          sequence_ms: Math.exp(x[stepShows ? 1 : 0]!),
          first_token_ms: timesFirstToken ? Math.exp(x[next++]!) : c.first_token_ms,
          compute: computeShows ? within(x[next++]!, COMPUTE_SCALE) : 1,
          attention: computeShows ? within(x[next]!, COMPUTE_SCALE) : 1,
        };
      };
      const loss = (x: readonly number[]) => loadLoss(own, withLoad(base, { ...figures, backends: { ...figures.backends, [backend]: unpack(x) } }), vram);
      const start = [
        ...(stepShows ? [Math.log(c.step_ms)] : []),
        Math.log(c.sequence_ms),
        ...(timesFirstToken ? [Math.log(Math.max(1, c.first_token_ms))] : []),
        ...(computeShows ? [unwithin(c.compute, COMPUTE_SCALE), unwithin(c.attention, COMPUTE_SCALE)] : []),
      ];
      figures.backends[backend] = unpack(fitted(loss, start));
    }
    const amd = prepared.filter((p) => p.row.gpu.platform === "amd" && !p.row.model.experts);
    counts.set("amd", amd.length);
    if (amd.length > 0) {
      const unpack = (x: readonly number[]): PlatformScale => ({ bandwidth: within(x[0]!, AMD_SCALE), compute: within(x[1]!, AMD_SCALE) });
      const loss = (x: readonly number[]) => loadLoss(amd, withLoad(base, { ...figures, amd: unpack(x) }), vram);
      figures.amd = unpack(fitted(loss, [unwithin(figures.amd.bandwidth, AMD_SCALE), unwithin(figures.amd.compute, AMD_SCALE)]));
    }
    for (const link of LINK_CLASSES) {
      // A link's figures rest on dense models split over it (an all-reduce is all they join), unless it has none.
      const over = prepared.filter((p) => linkOf(p.row) === link);
      const dense = over.filter((p) => !p.row.model.experts);
      const own = dense.length > 0 ? dense : over;
      counts.set(`link:${link}`, own.length);
      if (own.length === 0) continue;
      const unpack = (x: readonly number[]) => ({ allreduce_us: within(x[0]!, ALLREDUCE_US), bandwidth_efficiency: within(x[1]!, LINK_EFFICIENCY) });
      const loss = (x: readonly number[]) => loadLoss(own, withLoad(base, { ...figures, links: { ...figures.links, [link]: unpack(x) } }), vram);
      const now = figures.links[link];
      figures.links[link] = unpack(fitted(loss, [unwithin(now.allreduce_us, ALLREDUCE_US), unwithin(now.bandwidth_efficiency, LINK_EFFICIENCY)]));
    }
    const unpackExperts = (x: readonly number[]): ExpertFit => ({ read_efficiency: logistic(x[0]!), layer_ms: Math.exp(x[1]!) });
    const startOf = (e: ExpertFit) => [logit(e.read_efficiency), Math.log(e.layer_ms)];
    for (const platform of expertPlatforms) {
      const own = prepared.filter((p) => p.row.model.experts !== undefined && p.row.gpu.platform === platform);
      counts.set(`experts:${platform}`, own.length);
      const loss = (x: readonly number[]) => loadLoss(own, withLoad(base, { ...figures, expertPlatforms: { ...figures.expertPlatforms, [platform]: unpackExperts(x) } }), vram);
      figures.expertPlatforms[platform] = unpackExperts(fitted(loss, startOf(figures.expertPlatforms[platform]!)));
    }
    const moe = prepared.filter((p) => p.row.model.experts !== undefined && !(expertPlatforms as readonly string[]).includes(p.row.gpu.platform));
    counts.set("experts", moe.length);
    if (moe.length > 0) {
      const loss = (x: readonly number[]) => loadLoss(moe, withLoad(base, { ...figures, experts: unpackExperts(x) }), vram);
      figures.experts = unpackExperts(fitted(loss, startOf(figures.experts)));
    }
  }
  for (const b of backends) {
    if (measured.includes(b.name)) continue;
    const donor = DONORS[b.name];
    if (donor && figures.backends[donor]) figures.backends[b.name] = figures.backends[donor]!;
  }
  const section = withLoad(base, figures);
  for (const [key, pair] of Object.entries(section.pairs)) {
    const backend = key.split("|")[0]!;
    const n = counts.get(backend) ?? 0;
    const amdScaled = key.endsWith("|amd") && pair.decode_source !== "fitted" && figures.amdBackends.includes(backend);
    section.pairs[key] = {
      ...pair,
      ...(amdScaled ? { decode_source: `${pair.decode_source}, scaled by AMD's serving rows`, prefill_source: `${pair.prefill_source}, scaled by AMD's serving rows` } : {}),
      load_source: n > 0 ? "fitted" : `borrowed from ${DONORS[backend] ?? "vllm"}`,
      load_points: n,
    };
  }
  for (const link of LINK_CLASSES) {
    const n = counts.get(`link:${link}`) ?? 0;
    section.links[link] = { ...(n > 0 ? figures.links[link] : figures.links.pcie), source: n > 0 ? "fitted" : "borrowed from pcie", n_points: n };
  }
  const fittedOn = (key: string) => ({ source: (counts.get(key) ?? 0) > 0 ? "fitted" : "estimated", n_points: counts.get(key) ?? 0 });
  const platforms = expertPlatforms.map((p) => [p, { ...figures.expertPlatforms[p]!, ...fittedOn(`experts:${p}`) }]);
  section.experts = { ...figures.experts, ...fittedOn("experts"), ...(platforms.length > 0 ? { platforms: Object.fromEntries(platforms) } : {}) };
  return section;
}

/**
 * A layer split's hand-off per further GPU, on single-request runs split by layers (llama.cpp's
 * --split-mode layer): each GPU reads its layers in turn, then hands the activations on.
 */
function fitLayerHop(rows: readonly DecodeRow[], section: StepV1): StepV1 {
  if (rows.length === 0) return section;
  const loss = (x: readonly number[]) => {
    const candidate = { ...section, layer_hop_ms: Math.exp(x[0]!) };
    return logLoss(rows.map((r) => ({ predicted: predictDecode(r, candidate), measured: r.tokensPerSecond, weight: 1 })));
  };
  return { ...section, layer_hop_ms: Math.exp(nelderMead(loss, [Math.log(0.4)], 0.5, 200, TOLERANCE)[0]!) };
}

/** An empty section: every pair blank, links and experts at their starting figures. */
function blankSection(backends: readonly BackendSpec[], exponent: number): StepV1 {
  const pairs: Record<string, StepPair> = {};
  for (const b of backends) for (const platform of [...(b.platforms ?? PLATFORMS), "any"] as (Platform | "any")[]) pairs[`${b.name}|${platform}`] = blankPair();
  const link = { allreduce_us: 0, bandwidth_efficiency: 1, source: "fitted", n_points: 0 };
  return {
    pairs,
    layer_scaling: { reference_gbps: REFERENCE_GBPS, exponent },
    experts: { read_efficiency: 1, layer_ms: 0, source: "fitted", n_points: 0 },
    links: { nvlink: link, pcie: { ...link }, infinity_fabric: { ...link } },
    layer_hop_ms: 0,
    fit: { method: "", script: "scripts/fit-coefficients.ts", measurements: [], n_points: 0 },
  };
}

/** Relative errors of predictions, for the section's fit summary. */
function errors(predicted: readonly number[], measured: readonly number[]): number[] {
  return predicted.map((p, i) => p / measured[i]! - 1);
}

/**
 * The engine step section: per-layer scaling with bandwidth chosen among LAYER_EXPONENTS by the decode
 * rows' loss; then, twice, the decode figures (single-stream rows), the prefill figures (prompt rows) and
 * the load figures (serving rows of the fit split), each holding the others.
 */
export function fitStep(rows: StepRows, backends: readonly BackendSpec[], vram: VramV2, files: string[]): StepV1 {
  const decode = rows.decode.filter((r) => r.usedInFit);
  const prefill = rows.prefill.filter((r) => r.usedInFit);
  const load = rows.load.filter((r) => r.split === "fit" && r.excluded === undefined);
  const decodeLoss = (section: StepV1) => logLoss(decode.map((r) => ({ predicted: predictDecode(r, section), measured: r.tokensPerSecond, weight: 1 })));
  let best: { exponent: number; loss: number } | undefined;
  for (const exponent of LAYER_EXPONENTS) {
    const base = blankSection(backends, exponent);
    const loss = decodeLoss({ ...base, pairs: fitDecode(decode, backends, base) });
    if (!best || loss < best.loss) best = { exponent, loss };
  }
  let section = blankSection(backends, best!.exponent);
  for (let round = 0; round < 2; round++) {
    section = { ...section, pairs: fitDecode(decode, backends, section) };
    section = { ...section, pairs: fitPrefill(prefill, section) };
    section = fitLoad(load, section, vram, backends);
  }
  section = fitLayerHop(rows.decode.filter((r) => r.parallelism.split === "layer"), section);
  const decodeErrors = errors(
    decode.map((r) => predictDecode(r, section)),
    decode.map((r) => r.tokensPerSecond),
  );
  return {
    ...section,
    $comment:
      "One engine step: the slower of memory (weights once, routed experts the batch touches, every sequence's KV cache) and compute, plus layers x layer_ms x (reference_gbps / bandwidth)^exponent, step_ms, sequence_ms per sequence, and two all-reduces per layer over a split. Fitted by scripts/fit-coefficients.ts; do not edit by hand.",
    fit: {
      method:
        "robust (Cauchy, scale 0.25) least squares on log(predicted / measured), Nelder-Mead: decode per backend|platform, prefill likewise, load by coordinate descent over backends, links and experts (each publication's rows weighing as the square root of their number); unmeasured pairs borrow as their source says",
      script: "scripts/fit-coefficients.ts",
      measurements: files,
      n_points: decode.length + prefill.length + load.length + rows.decode.filter((r) => r.parallelism.split === "layer").length,
      rmse: Math.sqrt(decodeErrors.reduce((s, e) => s + e * e, 0) / decodeErrors.length),
      max_abs_error: Math.max(...decodeErrors.map(Math.abs)),
    },
  };
}
