import type { BackendSpec, Catalog, Gpu, PricedGpu, QuantLevel, Scenario, SizeClass } from "../catalog/types.js";
import { hardwareEntries, type HardwareEntry } from "../catalog/hardware-entries.js";
import { modelEntries, type ModelEntryView } from "../catalog/model-entries.js";
import { selectModels, sizeRange } from "../model/size-class.js";
import { round } from "../round.js";
import { toCandidate } from "../search/candidate.js";
import { tallyGates } from "../search/gate-tally.js";
import { predictDeployment, type GateCheck } from "../search/predict.js";
import { rankingKey, type QualityRanking } from "../search/ranking.js";
import { rankingOver, search } from "../search/search.js";
import { suggest } from "../search/suggest.js";
import { ChimeraforgeError, fieldError } from "./errors.js";
import type { PlanRequest, PredictRequest } from "./requests.js";
import {
  backendNamed,
  backendsOf,
  checkWorkload,
  describedModel,
  gpusOf,
  limitsOf,
  nameList,
  namedModels,
  quantNamed,
  quantsOf,
  selectionOf,
  type ResolvedLimits,
} from "./resolve.js";
import type { Candidate, GateResult, GpuPlan, Notice, PlanResult, PredictResult, Rejection, Scope, ScopeGpu } from "./results.js";

/** The planner's use cases over one loaded catalog: what the CLI, the library and the MCP server call. */
export interface Planner {
  readonly catalog: Catalog;
  /** The ranked configurations that meet every gate (with suggestions when none does). */
  plan(request: PlanRequest): PlanResult;
  /** A plan with every rejected configuration and how far each constraint can go. */
  explain(request: PlanRequest): PlanResult;
  /** Every prediction for one configuration, and each gate's verdict on it. */
  predict(request: PredictRequest): PredictResult;
  /** The GPU database. */
  hardware(): HardwareEntry[];
  /** The model registry. */
  models(): ModelEntryView[];
}

/** The use cases over `catalog`, which is loaded and validated once. Pure: no I/O. */
export function createPlanner(catalog: Catalog): Planner {
  return {
    catalog,
    plan: (request) => plan(catalog, request, false),
    explain: (request) => plan(catalog, request, true),
    predict: (request) => predict(catalog, request),
    hardware: () => hardwareEntries(catalog.gpus),
    models: () => modelEntries(catalog.models),
  };
}

/** A GPU as a scope lists it, with the basis of the price it was weighed at. */
function scopeGpu(gpu: PricedGpu, priceGiven: boolean): ScopeGpu {
  return {
    name: gpu.name,
    memory_gb: round(gpu.vram_gb, 2),
    bandwidth_gbps: gpu.bandwidth_gbps,
    usd_per_hour: gpu.usd_per_hour,
    price_basis: priceGiven || !gpu.price ? "given" : gpu.price.basis,
  };
}

/** What a scope is drawn from: the first scenario, the GPUs weighed, the size class, and how the request was resolved. */
interface ScopeParts {
  scenario: Scenario;
  gpus: readonly PricedGpu[];
  sizeText: string | null;
  substituted: boolean;
  request: PlanRequest | PredictRequest;
  resolved: ResolvedLimits;
  /** What ordered a plan's ties (null: a prediction, which ranks nothing). */
  ranking: QualityRanking | null;
}

/** Everything that shaped an answer, the defaults it took included. */
function scopeOf(catalog: Catalog, parts: ScopeParts): Scope {
  const { scenario, gpus, sizeText, substituted, request, resolved } = parts;
  const models = selectModels(catalog.models, scenario.sizeClass).models;
  const defaulted = [
    ...(request.hardware === undefined && request.gpu === undefined ? ["hardware"] : []),
    ...(sizeText !== null && !("modelSize" in request && request.modelSize !== undefined) ? ["modelSize"] : []),
    ...resolved.defaults,
  ];
  const priceGiven = request.gpuUsdPerHour !== undefined || request.gpu?.usdPerHour !== undefined;
  const range = sizeText === null ? undefined : sizeRange(scenario.sizeClass);
  const use = resolved.workload;
  const preset = use ? catalog.workloads[use.preset] : undefined;
  return {
    laws: catalog.engine.laws,
    models: models.map((m) => m.name),
    size_class: sizeText,
    size_range_b: range ? [round(range[0], 4), round(range[1], 4)] : null,
    size_class_substituted: substituted,
    hardware: gpus.map((g) => scopeGpu(g, priceGiven)),
    request_rate: scenario.requestRate,
    workload:
      use && preset
        ? { preset: use.preset, set: use.fields.map((f) => (f === "promptTokens" ? "prompt_tokens" : "output_tokens")), statistic: preset.statistic, trace: preset.trace }
        : null,
    prompt_tokens: promptOf(scenario),
    prompt_source: resolved.promptSource,
    output_tokens: scenario.outputTokens,
    context_length: scenario.contextLength,
    latency_slo_ms: scenario.latencySloMs,
    ttft_slo_ms: scenario.ttftSloMs ?? null,
    quality_target: scenario.qualityTarget,
    published_quality_target: scenario.publishedQualityTarget ?? null,
    unknown_quality: scenario.unknownQuality ?? "pass",
    quality_ranking: parts.ranking,
    budget_usd_per_month: Number.isFinite(scenario.budgetUsdPerMonth) ? scenario.budgetUsdPerMonth : null,
    max_gpus: scenario.maxGpus ?? 0,
    tensor_parallel: scenario.tensorParallel ?? null,
    kv_dtype: scenario.kvDtype ?? "fp16",
    quants: scenario.quants?.map((q) => q.name) ?? null,
    backends: scenario.backends?.map((b) => b.name) ?? null,
    defaults: defaulted,
  };
}

/** The prompt a scenario serves: as given, or the context less the output. */
function promptOf(scenario: Scenario): number {
  return scenario.promptTokens ?? Math.max(0, scenario.contextLength - scenario.outputTokens);
}

/** The scenario of a request on each of its GPUs, and what the request left to defaults. */
function scenariosOf(catalog: Catalog, request: PlanRequest, sizeClass: SizeClass, quants: QuantLevel[] | undefined, backends: BackendSpec[] | undefined, gpus: PricedGpu[]) {
  const resolved = limitsOf(catalog, request);
  const scenarios = gpus.map((gpu): Scenario => ({ ...resolved.limits, sizeClass, gpu, quants, backends }));
  checkWorkload(catalog, scenarios[0]!, resolved.workload);
  return { scenarios, resolved };
}

/** The notices a plan's resolution raised. */
function noticesOf(unpriced: readonly Gpu[], substituted: boolean, sizeText: string | null, models: readonly string[]): Notice[] {
  const notices: Notice[] = [];
  if (unpriced.length > 0) notices.push({ code: "unpriced_gpus", gpus: unpriced.map((g) => g.name) });
  if (substituted && sizeText !== null) notices.push({ code: "size_class_substituted", size_class: sizeText, models: [...models] });
  return notices;
}

/** How many candidates a plan returns: as asked, else one per GPU over several, else the engine's default. */
function limitOf(catalog: Catalog, request: PlanRequest, gpuCount: number): number {
  if (request.limit === "all") return Infinity;
  if (request.limit !== undefined) return request.limit;
  return gpuCount > 1 ? 1 : catalog.engine.defaults.limit;
}

/** A plan over the request's GPUs: the ranked survivors; with `explain`, every rejection and suggestion. */
function plan(catalog: Catalog, request: PlanRequest, explain: boolean): PlanResult {
  const { sizeClass, sizeText } = selectionOf(catalog, request);
  const quants = quantsOf(catalog, request.quant);
  const backends = backendsOf(catalog, request.backend);
  const { gpus, unpriced } = gpusOf(catalog, request);
  if (gpus.length > 1 && explain) {
    throw new ChimeraforgeError("conflicting_fields", { field: "hardware", detail: "explains a plan on one GPU; with several, explain each GPU's plan alone." });
  }
  const { scenarios, resolved } = scenariosOf(catalog, request, sizeClass, quants, backends, gpus);
  const limit = limitOf(catalog, request, gpus.length);
  const first = scenarios[0]!;
  const selection = selectModels(catalog.models, sizeClass);
  const gates = catalog.engine.gates(first);
  const ranking = rankingOver(catalog, scenarios);
  const base = {
    scope: scopeOf(catalog, { scenario: first, gpus, sizeText, substituted: selection.substituted, request, resolved, ranking }),
    gates,
    notices: noticesOf(unpriced, selection.substituted, sizeText, selection.models.map((m) => m.name)),
  };
  if (scenarios.length > 1) return { ...base, ...across(catalog, scenarios, limit, ranking) };
  // Without explain nothing but the best `limit` is returned: configurations that cannot rank among them are skipped.
  const result = search(catalog, first, limit, { bound: !explain, ranking });
  const candidates = result.candidates.map((e) => toCandidate(e, first.gpu.name, catalog.engine));
  const nothingFits = candidates.length === 0;
  return {
    ...base,
    candidates,
    passed: result.passed ?? null,
    searched: result.searched,
    rejected_by_gate: tallyGates(result.rejected),
    per_gpu: null,
    // Suggestions cost a few more searches: with explain, or when nothing fits.
    suggestions: explain || nothingFits ? suggest(catalog, first, nothingFits) : null,
    rejected: explain ? result.rejected : null,
  };
}

/**
 * The same scenario on each GPU, ranked across them: each GPU's best `perGpu` candidates, so the top
 * candidate is the cheapest of the per-GPU plans (ties: the higher key under `ranking`, then the GPU
 * listed first).
 */
function across(catalog: Catalog, scenarios: readonly Scenario[], perGpu: number, ranking: QualityRanking) {
  const all: { candidate: Candidate; key: number; gpu: number; index: number }[] = [];
  const plans: GpuPlan[] = [];
  let searched = 0;
  const rejected: Rejection[] = [];
  scenarios.forEach((scenario, gpu) => {
    // Only each GPU's best few are shown: configurations that cannot rank among them are skipped.
    const result = search(catalog, scenario, perGpu, { bound: true, ranking });
    searched += result.searched;
    rejected.push(...result.rejected);
    const candidates = result.candidates.map((e) => toCandidate(e, scenario.gpu.name, catalog.engine));
    candidates.forEach((candidate, index) => {
      const e = result.candidates[index]!;
      all.push({ candidate, key: rankingKey({ quality: e.quality, published: e.published, quant: e.quant }, ranking), gpu, index });
    });
    plans.push({ gpu: scenario.gpu.name, usd_per_hour: scenario.gpu.usd_per_hour, best: candidates[0] ?? null, searched: result.searched });
  });
  all.sort((a, b) => a.candidate.monthly_cost - b.candidate.monthly_cost || (b.key === a.key ? 0 : b.key > a.key ? 1 : -1) || a.gpu - b.gpu || a.index - b.index);
  const order = (p: GpuPlan) => (p.best ? p.best.monthly_cost : Infinity);
  return {
    candidates: all.map((a) => a.candidate),
    passed: null,
    searched,
    rejected_by_gate: tallyGates(rejected),
    per_gpu: [...plans].sort((a, b) => (order(a) === order(b) ? 0 : order(a) - order(b))),
    suggestions: null,
    rejected: null,
  };
}

/** Decimals each gate unit is rounded to. */
const UNIT_DECIMALS: Readonly<Record<GateCheck["unit"], number>> = { tokens: 0, GB: 2, score: 3, "tok/s": 1, ms: 1, "$/month": 2 };

/**
 * A gate check rounded in its unit. A prediction that is not a number is said, not given: `unknown` (a
 * quality never measured) or `unbounded` (a latency that grows without bound); value and margin are absent.
 */
function gateResult(g: GateCheck): GateResult {
  // A published score keeps its 4 decimals (a 0–100 average to 2 dp, over 100).
  const digits = g.scale === "published" ? 4 : UNIT_DECIMALS[g.unit];
  const scale = g.scale ? { scale: g.scale } : {};
  const base = { gate: g.gate, passed: g.passed, limit: round(g.limit, digits), unit: g.unit, ...scale };
  if (g.value === null) return { ...base, prediction: "unknown" };
  if (!Number.isFinite(g.value)) return { ...base, prediction: "unbounded" };
  return { gate: g.gate, passed: g.passed, value: round(g.value, digits), limit: base.limit, margin: round(g.margin ?? 0, digits), unit: g.unit, ...scale };
}

/** Why `backend` does not serve `quant` on `gpu` with the scenario's KV cache type, and what it does serve there. */
function notServed(catalog: Catalog, backend: BackendSpec, quant: QuantLevel, gpu: Gpu, scenario: Scenario): ChimeraforgeError {
  const kvDtypes = backend.kv_dtypes ?? ["fp16"];
  const kvDtype = scenario.kvDtype ?? "fp16";
  if (!kvDtypes.includes(kvDtype)) {
    return fieldError("not_served", "kvDtype", `: ${backend.name} stores a KV cache of ${kvDtypes.join(", ")} only.`, kvDtype);
  }
  const served = catalog.quants.filter((q) => catalog.engine.serves(backend, q, gpu, scenario)).map((q) => q.name);
  const why =
    backend.platforms && gpu.platform !== "any" && !backend.platforms.includes(gpu.platform)
      ? `${backend.name} does not run on ${gpu.platform} GPUs (${gpu.name})`
      : quant.format === "fp8" && !gpu.fp8 && backend.formats?.includes("fp8")
        ? `${gpu.name} has no FP8 tensor cores`
        : `${backend.name} does not serve ${quant.format} weights`;
  return fieldError("not_served", "quant", `is not served: ${why}; it serves here: ${served.join(", ") || "nothing"}.`, quant.name);
}

/** Why a replica of `gpus` GPUs cannot run `backend` on `gpu`. */
function notDeployable(backend: BackendSpec, gpu: Gpu, gpus: number): ChimeraforgeError {
  const why = !backend.split
    ? `${backend.name} runs on one GPU`
    : gpu.interconnect?.kind === "none"
      ? `${gpu.name} has no link between GPUs`
      : "these laws plan one GPU per replica (the TR133 coefficient file)";
  return fieldError("not_deployable", "tensorParallel", `: ${why}.`, String(gpus));
}

/** Every prediction for exactly one deployment the request names, and each gate's verdict on it. */
function predict(catalog: Catalog, request: PredictRequest): PredictResult {
  const described = describedModel(request);
  if (described && request.model !== undefined) {
    throw new ChimeraforgeError("conflicting_fields", { field: "model", detail: "names a registry model: give it or {modelConfig} (or {modelShape}), not both." });
  }
  if (!described && request.model === undefined) {
    throw new ChimeraforgeError("invalid_field", { field: "model", detail: "is needed: predict takes one model, by {model}, {modelConfig} or {modelShape}." });
  }
  const model = described ?? namedModels(catalog.models, nameList(request.model)!)[0]!;
  const quant = quantNamed(catalog, request.quant);
  const backend = backendNamed(catalog, request.backend);
  const hardware = nameList(request.hardware);
  if (hardware !== undefined && (hardware.length > 1 || hardware[0]?.toLowerCase() === "all")) {
    throw fieldError("invalid_field", "hardware", ": predict takes one GPU (plan takes several).", hardware.join(","));
  }
  const { gpus } = gpusOf(catalog, request);
  const gpu = gpus[0]!;
  const sizeClass: SizeClass = { kind: "models", models: [model] };
  const resolved = limitsOf(catalog, request);
  const scenario: Scenario = { ...resolved.limits, sizeClass, gpu };
  checkWorkload(catalog, scenario, resolved.workload);
  if (!catalog.engine.serves(backend, quant, gpu, scenario)) throw notServed(catalog, backend, quant, gpu, scenario);
  const deployment = catalog.engine.deployment({ replicas: request.replicas, concurrency: request.concurrency });
  const tp = request.tensorParallel ?? 1;
  if (!catalog.engine.replicaSizes(model, quant, backend, { ...scenario, tensorParallel: tp }).includes(tp)) throw notDeployable(backend, gpu, tp);
  const { evaluation, gates } = predictDeployment(catalog, scenario, model, quant, backend, { ...deployment, gpus: tp });
  return {
    ...toCandidate(evaluation, gpu.name, catalog.engine),
    gates: gates.map(gateResult),
    passes_all_gates: gates.every((g) => g.passed),
    scope: scopeOf(catalog, { scenario, gpus: [gpu], sizeText: null, substituted: false, request, resolved, ranking: null }),
  };
}
