import type { BackendSpec, Catalog, Gpu, ModelSpec, Pricing, QuantLevel, Scenario, ScenarioSpeculation, SizeClass } from "../catalog/types.js";
import { parseSpeculative, SPECULATIVE_EXPECTED } from "../search/speculation.js";
import { lookupName, normaliseName } from "../catalog/names.js";
import { customGpu } from "../hardware/gpu.js";
import { OWNED_YEARS, weigh, type Weighed } from "../hardware/pricing.js";
import { lookupGpu } from "../hardware/gpu-lookup.js";
import { architectureFromConfig, ConfigFieldError, manualArchitecture, type Architecture } from "../model/architecture.js";
import { checkArchitecture, specFromArchitecture } from "../model/model-spec.js";
import { parseSizeClass } from "../model/size-class.js";
import { MAX_GPUS_BILLED } from "../limits.js";
import type { WorkloadName } from "../kinds.js";
import { ChimeraforgeError, fieldError } from "./errors.js";
import type { ModelShape, PlanRequest, PredictRequest } from "./requests.js";
import type { ContextSource, PromptSource } from "./results.js";

/** A name or several, as a request gives them: a list, or one string with commas. */
export function nameList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (typeof value === "string" ? value.split(",") : value).map((n) => n.trim()).filter((n) => n.length > 0);
  return parts;
}

/** How the models of a request are described. */
type ModelQuery = Pick<PlanRequest, "modelConfig" | "modelName" | "modelShape"> & { model?: string | readonly string[] | undefined; modelSize?: string | undefined };

/** The shape fields a model described by hand needs, in the order a message lists them. */
const SHAPE_FIELDS = ["paramsB", "nLayers", "nKvHeads", "headDim", "hiddenSize"] as const;

/** The architecture of a parsed config.json, a ChimeraforgeError naming the field when it lacks or contradicts one. */
function configArchitecture(config: Record<string, unknown>): Architecture {
  try {
    return architectureFromConfig(config);
  } catch (error) {
    if (error instanceof ConfigFieldError) throw new ChimeraforgeError("invalid_model", { field: "modelConfig", detail: `: ${error.message}` });
    throw error;
  }
}

/** A config's architecture with the shape fields given beside it taking precedence. */
function overridden(arch: Architecture, shape: Partial<ModelShape>): Architecture {
  const kvHeads = shape.nKvHeads ?? arch.nKvHeads;
  const headDim = shape.headDim ?? arch.headDim;
  const layers = shape.nLayers ?? arch.nLayers;
  return {
    ...arch,
    ...(shape.paramsB !== undefined ? { paramsB: shape.paramsB, activeParamsB: shape.paramsB * (arch.activeParamsB / arch.paramsB) } : {}),
    nLayers: layers,
    hiddenSize: shape.hiddenSize ?? arch.hiddenSize,
    contextWindow: shape.contextWindow ?? arch.contextWindow,
    ...(shape.nKvHeads !== undefined || shape.headDim !== undefined || shape.nLayers !== undefined
      ? { nKvHeads: kvHeads, headDim, kv: [{ layers, elementsPerToken: 2 * kvHeads * headDim }] }
      : {}),
  };
}

/**
 * The model a request describes rather than names, if any: a config.json (its shape fields overriding
 * what it says), or the shape alone, which then needs parameters, layers, KV heads, head size and width.
 * Its quality is unknown: nothing measured it.
 */
export function describedModel(query: ModelQuery): ModelSpec | undefined {
  const shape = query.modelShape ?? {};
  if (query.modelConfig === undefined && query.modelShape === undefined) return undefined;
  let arch: Architecture;
  let name: string;
  if (query.modelConfig !== undefined) {
    arch = overridden(configArchitecture(query.modelConfig), shape);
    const stated = query.modelConfig._name_or_path;
    name = query.modelName ?? (typeof stated === "string" && stated.length > 0 ? stated : "custom model");
  } else {
    const missing = SHAPE_FIELDS.filter((f) => shape[f] === undefined);
    if (missing.length > 0) {
      const given = SHAPE_FIELDS.filter((f) => shape[f] !== undefined);
      throw new ChimeraforgeError("invalid_field", {
        field: "modelShape",
        detail: `: a model without {modelConfig} needs ${missing.map((f) => `{${f}}`).join(", ")} (given: ${given.map((f) => `{${f}}`).join(", ") || "{contextWindow} only"}).`,
      });
    }
    arch = manualArchitecture({
      paramsB: shape.paramsB!,
      nLayers: shape.nLayers!,
      nKvHeads: shape.nKvHeads!,
      headDim: shape.headDim!,
      hiddenSize: shape.hiddenSize!,
      contextWindow: shape.contextWindow ?? Number.MAX_SAFE_INTEGER,
    });
    name = query.modelName ?? `custom ${Number(shape.paramsB!.toPrecision(4))}B`;
  }
  const problem = checkArchitecture(arch);
  if (problem) throw new ChimeraforgeError("invalid_model", { field: query.modelConfig !== undefined ? "modelConfig" : "modelShape", detail: `: ${problem}` });
  return specFromArchitecture(name, arch, { aliases: [], source: query.modelConfig !== undefined ? "a config.json given with the request" : "a shape given with the request" });
}

/** The registry models `names` name, each by name, Hugging Face id or Ollama tag. */
export function namedModels(models: readonly ModelSpec[], names: readonly string[], field = "model"): ModelSpec[] {
  if (names.length === 0) throw fieldError("invalid_field", field, "names no model.", "");
  const resolved = names.map((name) => {
    const found = lookupName(models, name, false);
    if (found.kind === "found") return found.item;
    const near = (found.kind === "unknown" ? found.closest : found.matches).map((m) => `"${m.name}"`).join(", ");
    throw fieldError("unknown_name", field, `is not a known model. Closest: ${near} (see list-models).`, name);
  });
  return resolved.filter((m, i) => resolved.indexOf(m) === i);
}

/** The models a request asks for: named ones, one it describes, or a size class; and the class they stand for. */
export function selectionOf(catalog: Catalog, query: ModelQuery): { sizeClass: SizeClass; sizeText: string | null } {
  const described = describedModel(query);
  if (described && query.model !== undefined) {
    throw new ChimeraforgeError("conflicting_fields", { field: "model", detail: "names a registry model: give it or {modelConfig} (or {modelShape}), not both." });
  }
  if ((described || query.model !== undefined) && query.modelSize !== undefined) {
    throw new ChimeraforgeError("conflicting_fields", { field: "modelSize", detail: `plans a size class: give it or ${described ? "{modelConfig}" : "{model}"}, not both.` });
  }
  if (described) return { sizeClass: { kind: "models", models: [described] }, sizeText: null };
  const names = nameList(query.model);
  if (names !== undefined) return { sizeClass: { kind: "models", models: namedModels(catalog.models, names) }, sizeText: null };
  const text = query.modelSize ?? catalog.engine.defaults.modelSize;
  const size = parseSizeClass(text);
  if (!size) throw fieldError("invalid_field", "modelSize", 'is not a size class: expected one such as 0.5b, 3b, 8B, 500m, or "all".', text);
  return { sizeClass: size, sizeText: text.trim().toLowerCase() };
}

/** The entry of `items` a name or alias means, matched ignoring case and punctuation, or an error listing the valid names. */
function exactly<T extends { name: string; aliases?: readonly string[] | undefined }>(items: readonly T[], value: string, field: string, what: string): T {
  const wanted = normaliseName(value);
  const found = items.find((i) => [i.name, ...(i.aliases ?? [])].some((n) => normaliseName(n) === wanted));
  if (found) return found;
  throw fieldError("unknown_name", field, `is not a known ${what}. Valid: ${items.map((i) => i.name).join(", ")}.`, value);
}

/** The weight formats a request narrows a plan to (undefined: every one). */
export function quantsOf(catalog: Catalog, value: string | readonly string[] | undefined): QuantLevel[] | undefined {
  return nameList(value)?.map((q) => exactly(catalog.quants, q, "quant", "weight format"));
}

/** The backends a request narrows a plan to (undefined: every one). */
export function backendsOf(catalog: Catalog, value: string | readonly string[] | undefined): BackendSpec[] | undefined {
  return nameList(value)?.map((b) => exactly(catalog.backends, b, "backend", "backend"));
}

/** One quant by name. */
export function quantNamed(catalog: Catalog, value: string): QuantLevel {
  return exactly(catalog.quants, value, "quant", "weight format");
}

/** One backend by name. */
export function backendNamed(catalog: Catalog, value: string): BackendSpec {
  return exactly(catalog.backends, value, "backend", "backend");
}

/** The GPU a name means, or an error naming the closest or every match. */
export function gpuNamed(gpus: readonly Gpu[], query: string): Gpu {
  const found = lookupGpu(gpus, query);
  if (found.kind === "found") return found.item;
  if (found.kind === "ambiguous") {
    throw fieldError("ambiguous_name", "hardware", `is ambiguous: it matches ${found.matches.map((g) => `"${g.name}"`).join(", ")}.`, query);
  }
  throw fieldError("unknown_name", "hardware", `is not a known GPU. Closest: ${found.closest.map((g) => `"${g.name}"`).join(", ")} (see list-hardware).`, query);
}

/** How a request names and prices its GPUs. */
type GpuQuery = Pick<PlanRequest, "gpu" | "gpuUsdPerHour" | "priceBasis" | "ownedYears" | "electricityUsdPerKwh"> & {
  hardware?: string | readonly string[] | undefined;
};

/** How a request prices GPUs: its basis (else the engine's default, else on demand), owned years, rate, override. */
function pricingOf(catalog: Catalog, query: GpuQuery): Pricing {
  return {
    choice: query.priceBasis ?? catalog.engine.defaults.priceBasis ?? "on-demand",
    ownedYears: query.ownedYears ?? OWNED_YEARS,
    electricityUsdPerKwh: query.electricityUsdPerKwh,
    override: query.gpuUsdPerHour,
  };
}

/**
 * The GPUs a request names, each with the price it is weighed at: one described by its figures, or those
 * `hardware` names (one, a list, or "all"). gpuUsdPerHour overrides every price. One GPU takes its price
 * on the request's basis, else its main price, else none (its costs are then not predicted); of several,
 * those without a price on the basis are left out (and returned, so the caller can say so).
 */
export function gpusOf(catalog: Catalog, query: GpuQuery): { gpus: Weighed[]; unpriced: Gpu[]; pricing: Pricing } {
  const pricing = pricingOf(catalog, query);
  if (query.gpu !== undefined) {
    if (query.hardware !== undefined) throw new ChimeraforgeError("conflicting_fields", { field: "gpu", detail: "describes a GPU: give it or {hardware}, not both." });
    const f = query.gpu;
    const gpu = customGpu({ name: f.name, memoryGb: f.memoryGb, bandwidthGbps: f.bandwidthGbps, tflops: f.fp16Tflops, platform: f.platform });
    return { gpus: [weigh(gpu, { ...pricing, override: f.usdPerHour ?? pricing.override }, true)!], unpriced: [], pricing };
  }
  const text = query.hardware ?? catalog.engine.defaults.hardware;
  const names = nameList(text)!;
  const all = names.length === 1 && names[0]!.toLowerCase() === "all";
  if (names.length === 0) throw fieldError("invalid_field", "hardware", "names no GPU.", typeof text === "string" ? text : "");
  const listed = all ? [...catalog.gpus] : names.map((n) => gpuNamed(catalog.gpus, n)).filter((g, i, list) => list.indexOf(g) === i);
  if (listed.length === 1) return { gpus: [weigh(listed[0]!, pricing, true)!], unpriced: [], pricing };
  const gpus: Weighed[] = [];
  const unpriced: Gpu[] = [];
  for (const gpu of listed) {
    const weighed = weigh(gpu, pricing, false);
    if (weighed) gpus.push(weighed);
    else unpriced.push(gpu);
  }
  if (gpus.length === 0) {
    const which = pricing.choice === "any" ? "a price" : `a price on the ${pricing.choice} basis`;
    throw fieldError("invalid_field", "hardware", `names no GPU with ${which}: give {gpuUsdPerHour}, or another {priceBasis}.`, names.join(","));
  }
  return { gpus, unpriced, pricing };
}

/** The workload and limits of a request, each as given or the engine's default; which fields took a default. */
type Limits = Omit<Scenario, "sizeClass" | "gpu" | "billing" | "quants" | "backends">;

/** The workload preset a request's resolution applied, and the fields it set (those the request did not give). */
export interface WorkloadUse {
  preset: WorkloadName;
  fields: ("promptTokens" | "outputTokens")[];
}

/** A request's limits resolved, and how: the fields that took a default, the workload preset, the prompt's source. */
export interface ResolvedLimits {
  limits: Limits;
  defaults: string[];
  workload: WorkloadUse | null;
  promptSource: PromptSource;
  contextSource: ContextSource;
}

/**
 * The request's workload, limits and deployment bounds resolved: each as given or the engine's default.
 * A workload preset (the request's, else the engine's default unless the request gives a context, which
 * keeps the TR133 planner's meaning: the prompt fills the context less the output) sets the prompt and
 * output the request does not give. The context is as given; else, with a prompt, the prompt and output
 * together; else the default.
 */
export function limitsOf(catalog: Catalog, request: PlanRequest | PredictRequest): ResolvedLimits {
  const d = catalog.engine.defaults;
  for (const field of catalog.engine.refusedFields) {
    const value = (request as Record<string, unknown>)[field];
    if (value !== undefined) {
      throw fieldError(
        "invalid_field",
        field,
        ": the TR133 reference laws have no prompt prefill, KV cache or decode step to apply it to; it needs the physics' coefficient file (the default data/fitted_models.json).",
        String(value),
      );
    }
  }
  const defaults: string[] = [];
  const pick = <K extends keyof PlanRequest & string, V>(key: K, value: V | undefined, fallback: V): V => {
    if (value !== undefined) return value;
    defaults.push(key);
    return fallback;
  };
  const presetName = request.workload ?? (request.contextLength === undefined ? d.workload : undefined);
  const preset = presetName === undefined ? undefined : catalog.workloads[presetName];
  const fields: WorkloadUse["fields"] = [];
  if (preset && request.promptTokens === undefined) fields.push("promptTokens");
  if (preset && request.outputTokens === undefined) fields.push("outputTokens");
  const outputTokens = pick("outputTokens", request.outputTokens, preset?.outputTokens ?? d.outputTokens);
  const promptTokens = request.promptTokens ?? preset?.promptTokens;
  // The context holds every token a request generates: its hidden reasoning tokens and its output.
  const generated = outputTokens + (request.reasoningTokens ?? 0);
  const contextLength = request.contextLength ?? (promptTokens !== undefined ? promptTokens + generated : pick("contextLength", undefined, d.contextLength));
  if (request.promptTokens === undefined) defaults.push("promptTokens");
  const applied = presetName !== undefined && (request.workload !== undefined || fields.length > 0);
  if (applied && request.workload === undefined) defaults.push("workload");
  const tensorParallel = request.tensorParallel;
  if (request.percentile !== undefined && !catalog.engine.percentiles.includes(request.percentile)) {
    throw fieldError("invalid_field", "percentile", `is not one these laws give: they give ${catalog.engine.percentiles.map((p) => `p${p}`).join(", ")} alone.`, String(request.percentile));
  }
  const limits: Limits = {
    requestRate: pick("requestRate", request.requestRate, d.requestRate),
    latencySloMs: pick("latencySloMs", request.latencySloMs, d.latencySloMs),
    qualityTarget: pick("qualityTarget", request.qualityTarget, d.qualityTarget),
    publishedQualityTarget: request.publishedQualityTarget,
    budgetUsdPerMonth: pick("budgetUsdPerMonth", request.budgetUsdPerMonth, d.budgetUsdPerMonth),
    contextLength,
    outputTokens,
    promptTokens,
    ttftSloMs: request.ttftSloMs,
    tpotSloMs: request.tpotSloMs,
    percentile: pick("percentile", request.percentile, 95),
    unknownQuality: pick("unknownQuality", request.unknownQuality, "pass"),
    kvDtype: pick("kvDtype", request.kvDtype, "fp16"),
    expertParallel: request.expertParallel,
    tensorParallel,
    maxGpus: pick("maxGpus", (request as PlanRequest).maxGpus, MAX_GPUS_BILLED),
    prefixCacheHitRate: request.prefixCacheHitRate,
    sharedPrefixTokens: request.sharedPrefixTokens,
    reasoningTokens: request.reasoningTokens,
    speculation: speculationOf(catalog, request),
  };
  if (request.sharedPrefixTokens !== undefined && promptTokens !== undefined && request.sharedPrefixTokens > promptTokens) {
    throw fieldError("invalid_field", "sharedPrefixTokens", `is longer than the ${promptTokens}-token prompt it is a prefix of ({promptTokens}).`, String(request.sharedPrefixTokens));
  }
  return {
    limits,
    defaults,
    workload: applied ? { preset: presetName, fields } : null,
    promptSource: request.promptTokens !== undefined ? "given" : fields.includes("promptTokens") ? "workload" : "context",
    contextSource: request.contextLength !== undefined ? "given" : promptTokens !== undefined ? "prompt_and_output" : "default",
  };
}

/**
 * Speculative decoding as a request asks it: the method and draft model it names, and the acceptance rate
 * and tokens drafted per step it gives, else the method's published defaults (data/speculative.json).
 * --acceptance or --speculative-tokens without --speculative is refused.
 */
function speculationOf(catalog: Catalog, request: PlanRequest | PredictRequest): ScenarioSpeculation | undefined {
  if (request.speculative === undefined) {
    for (const field of ["acceptanceRate", "speculativeTokens"] as const) {
      if (request[field] !== undefined) throw fieldError("conflicting_fields", field, "needs {speculative}: it sets how a speculative method drafts.", String(request[field]));
    }
    return undefined;
  }
  const spec = parseSpeculative(request.speculative);
  if (!spec) throw fieldError("invalid_field", "speculative", `: ${SPECULATIVE_EXPECTED}.`, request.speculative);
  const defaults = catalog.speculation[spec.method];
  return {
    method: spec.method,
    draftModel: spec.draftModel === undefined ? undefined : namedModels(catalog.models, [spec.draftModel], "speculative")[0],
    acceptance: request.acceptanceRate ?? defaults.acceptance,
    draftTokens: request.speculativeTokens ?? defaults.draftTokens,
    given: { acceptance: request.acceptanceRate !== undefined, draftTokens: request.speculativeTokens !== undefined },
  };
}

/**
 * A scenario whose workload cannot run at all is refused, naming the field to change: the preset's when
 * the tokens that do not fit are the ones it set.
 */
export function checkWorkload(catalog: Catalog, scenario: Scenario, workload: WorkloadUse | null = null): void {
  const problem = catalog.engine.workloadProblem(scenario);
  if (!problem) return;
  if (workload && (problem.code === "output_exceeds_context" ? workload.fields.includes("outputTokens") : workload.fields.length > 0)) {
    throw fieldError(
      "impossible_workload",
      "workload",
      `gives ${scenario.promptTokens ?? 0} prompt and ${scenario.outputTokens} output tokens, which do not fit the ${problem.contextLength}-token {contextLength} (raise it, or give {promptTokens} and {outputTokens}).`,
      workload.preset,
    );
  }
  if (problem.code === "output_exceeds_context") {
    throw fieldError(
      "impossible_workload",
      "outputTokens",
      `does not fit the ${problem.contextLength}-token context: the output is part of it (raise {contextLength}).`,
      String(problem.outputTokens),
    );
  }
  throw fieldError(
    "impossible_workload",
    "promptTokens",
    `with ${problem.outputTokens} output tokens does not fit the ${problem.contextLength}-token {contextLength}.`,
    String(problem.promptTokens),
  );
}
