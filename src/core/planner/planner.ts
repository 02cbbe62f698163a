import type { BackendSpec, Catalog, Gpu, ModelSpec, QuantLevel, Scenario, SizeClass } from "../catalog/types.js";
import type { Weighed } from "../hardware/pricing.js";
import { hardwareEntries, type HardwareEntry } from "../catalog/hardware-entries.js";
import { modelEntries, type ModelEntryView } from "../catalog/model-entries.js";
import { launch } from "../launch/launch.js";
import type { Launch, LaunchOptions } from "../launch/launch-types.js";
import { selectModels, sizeRange } from "../model/size-class.js";
import { round } from "../round.js";
import { deploymentCapacity, floorSignificant, mostUsers } from "../search/capacity.js";
import { toCandidate } from "../search/candidate.js";
import { tallyGates } from "../search/gate-tally.js";
import { predictDeployment, type GateCheck } from "../search/predict.js";
import type { Evaluation } from "../search/evaluation.js";
import { rankingKey, type QualityRanking } from "../search/ranking.js";
import { rankingOver, search } from "../search/search.js";
import { SIMULATED_REQUESTS, simulateDeployment, type SimulationSpec } from "../search/simulation.js";
import { suggest } from "../search/suggest.js";
import { apiComparison, apiPricesOf } from "../search/api-comparison.js";
import { speculationProblem, type SpeculationProblem } from "../search/speculation.js";
import { promptTokens } from "../search/workload.js";
import { tokensPerStep } from "../laws/step.js";
import { searchFleet, type FleetGroup } from "../search/fleet.js";
import { checkFleetRequest, fleetGpus, fleetPlan, fleetScope } from "./fleet-plan.js";
import { OWNED_YEARS } from "../hardware/pricing.js";
import { parseArrival } from "../simulate/arrival-spec.js";
import { ChimeraforgeError, fieldError } from "./errors.js";
import type { CapacityRequest, PlanRequest, PredictRequest } from "./requests.js";
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
import type { CapacityResult, Candidate, FleetResult, GateResult, GpuPlan, Notice, PlanResult, PredictResult, Rejection, Scope, ScopeGpu } from "./results.js";

/** The planner's use cases over one loaded catalog: what the CLI, the library and the MCP server call. */
export interface Planner {
  readonly catalog: Catalog;
  /** The ranked configurations that meet every gate (with suggestions when none does). */
  plan(request: PlanRequest): PlanResult;
  /** A plan with every rejected configuration and how far each constraint can go. */
  explain(request: PlanRequest): PlanResult;
  /** A plan over GPUs owned (request.fleet): which model each group serves, how, its share of the traffic, and whether the whole meets the rate and SLOs. */
  fleet(request: PlanRequest): FleetResult;
  /** Every prediction for one configuration, and each gate's verdict on it. */
  predict(request: PredictRequest): PredictResult;
  /** The most one deployment carries within its SLOs (request rate and closed-loop users), what binds first, and the prediction there. */
  capacity(request: CapacityRequest): CapacityResult;
  /** The commands (or a compose file) that start a candidate of a plan, or a prediction, with the backend's documented flags. */
  launch(candidate: Candidate, options: LaunchOptions): Launch;
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
    fleet: (request) => fleet(catalog, request),
    predict: (request) => predict(catalog, request),
    capacity: (request) => capacity(catalog, request),
    launch: (candidate, options) => launch(catalog, candidate, options),
    hardware: () => hardwareEntries(catalog.gpus),
    models: () => modelEntries(catalog.models),
  };
}

/** A GPU as a scope lists it, with the price it was weighed at and its basis (null: none known). */
function scopeGpu(w: Weighed): ScopeGpu {
  return {
    name: w.gpu.name,
    memory_gb: round(w.gpu.vram_gb, 2),
    bandwidth_gbps: w.gpu.bandwidth_gbps,
    usd_per_hour: w.billing.basis === null ? null : round(w.gpu.usd_per_hour, 4),
    price_basis: w.billing.basis,
  };
}

/** What a scope is drawn from: the first scenario, the GPUs weighed, the size class, and how the request was resolved. */
interface ScopeParts {
  scenario: Scenario;
  weighed: readonly Weighed[];
  sizeText: string | null;
  substituted: boolean;
  request: PlanRequest | PredictRequest;
  resolved: ResolvedLimits;
  /** What ordered a plan's ties (null: a prediction, which ranks nothing). */
  ranking: QualityRanking | null;
}

/** Everything that shaped an answer, the defaults it took included. */
function scopeOf(catalog: Catalog, parts: ScopeParts): Scope {
  const { scenario, weighed, sizeText, substituted, request, resolved } = parts;
  const models = selectModels(catalog.models, scenario.sizeClass).models;
  const pricing = weighed[0]!.billing.pricing;
  const defaulted = [
    ...(request.hardware === undefined && request.gpu === undefined ? ["hardware"] : []),
    ...(sizeText !== null && !("modelSize" in request && request.modelSize !== undefined) ? ["modelSize"] : []),
    ...resolved.defaults,
    ...(request.priceBasis === undefined ? ["priceBasis"] : []),
    ...(pricing.choice === "owned" && request.ownedYears === undefined ? ["ownedYears"] : []),
  ];
  const range = sizeText === null ? undefined : sizeRange(scenario.sizeClass);
  const use = resolved.workload;
  const preset = use ? catalog.workloads[use.preset] : undefined;
  return {
    laws: catalog.engine.laws,
    models: models.map((m) => m.name),
    size_class: sizeText,
    size_range_b: range ? [round(range[0], 4), round(range[1], 4)] : null,
    size_class_substituted: substituted,
    hardware: weighed.map(scopeGpu),
    price_basis: pricing.choice,
    owned_years: pricing.choice === "owned" ? pricing.ownedYears : null,
    electricity_usd_per_kwh: pricing.electricityUsdPerKwh ?? null,
    request_rate: scenario.requestRate,
    workload:
      use && preset
        ? { preset: use.preset, set: use.fields.map((f) => (f === "promptTokens" ? "prompt_tokens" : "output_tokens")), statistic: preset.statistic, trace: preset.trace }
        : null,
    prompt_tokens: promptOf(scenario),
    prompt_source: resolved.promptSource,
    context_source: resolved.contextSource,
    output_tokens: scenario.outputTokens,
    context_length: scenario.contextLength,
    latency_slo_ms: scenario.latencySloMs,
    ttft_slo_ms: scenario.ttftSloMs ?? null,
    tpot_slo_ms: scenario.tpotSloMs ?? null,
    percentile: scenario.percentile,
    memory_unit: catalog.engine.memoryUnit,
    quality_target: scenario.qualityTarget,
    published_quality_target: scenario.publishedQualityTarget ?? null,
    unknown_quality: scenario.unknownQuality ?? "pass",
    quality_ranking: parts.ranking,
    budget_usd_per_month: Number.isFinite(scenario.budgetUsdPerMonth) ? scenario.budgetUsdPerMonth : null,
    max_gpus: scenario.maxGpus ?? 0,
    tensor_parallel: scenario.tensorParallel ?? null,
    expert_parallel: scenario.expertParallel ?? false,
    kv_dtype: scenario.kvDtype ?? "fp16",
    quants: scenario.quants?.map((q) => q.name) ?? null,
    backends: scenario.backends?.map((b) => b.name) ?? null,
    prefix_cache_hit_rate: prefixShare(scenario),
    shared_prefix_tokens: scenario.sharedPrefixTokens ?? null,
    reasoning_tokens: scenario.reasoningTokens ?? null,
    speculative: scopeSpeculation(scenario),
    defaults: defaulted,
  };
}

/** The share of the prompt a prefix cache is asked to serve: as given, else the shared prefix's share; null when neither is asked. */
function prefixShare(scenario: Scenario): number | null {
  if (scenario.prefixCacheHitRate !== undefined) return scenario.prefixCacheHitRate;
  const prompt = promptOf(scenario);
  return scenario.sharedPrefixTokens === undefined || prompt === 0 ? null : round(Math.min(scenario.sharedPrefixTokens, prompt) / prompt, 4);
}

/** Speculative decoding as a scope states it, with the tokens a step yields. */
function scopeSpeculation(scenario: Scenario): Scope["speculative"] {
  const s = scenario.speculation;
  if (!s) return null;
  return {
    method: s.method,
    draft_model: s.draftModel?.name ?? null,
    acceptance: s.acceptance,
    acceptance_source: s.given.acceptance ? "given" : "default",
    draft_tokens: s.draftTokens,
    draft_tokens_source: s.given.draftTokens ? "given" : "default",
    tokens_per_step: round(tokensPerStep(s.draftTokens, s.acceptance), 4),
  };
}

/** A candidate as a result carries it, with its comparison to hosted API prices when the request asks. */
function candidateOf(catalog: Catalog, evaluation: Evaluation, scenario: Scenario, request: PlanRequest | PredictRequest): Candidate {
  const candidate = toCandidate(evaluation, scenario.gpu.name, catalog.engine);
  return request.compareApi ? { ...candidate, api_comparison: apiComparison(catalog, evaluation, scenario) } : candidate;
}

/** The prompt a scenario serves: as given, or the context less what a request generates. */
function promptOf(scenario: Scenario): number {
  return promptTokens(scenario);
}

/**
 * The workload and limits of a request on a GPU weighed as `w`: a GPU whose price is unknown meets no
 * budget the request did not ask for (the laws' default budget is for a priced GPU).
 */
function limitsFor(catalog: Catalog, request: PlanRequest | PredictRequest, w: Weighed) {
  const resolved = limitsOf(catalog, request);
  if (w.billing.basis !== null || request.budgetUsdPerMonth !== undefined) return resolved;
  return { ...resolved, limits: { ...resolved.limits, budgetUsdPerMonth: Infinity }, defaults: resolved.defaults.filter((d) => d !== "budgetUsdPerMonth") };
}

/** The scenario of a request on each of its GPUs, and what the request left to defaults. */
function scenariosOf(catalog: Catalog, request: PlanRequest, sizeClass: SizeClass, quants: QuantLevel[] | undefined, backends: BackendSpec[] | undefined, weighed: Weighed[]) {
  const resolved = limitsFor(catalog, request, weighed[0]!);
  const scenarios = weighed.map((w): Scenario => ({ ...resolved.limits, sizeClass, gpu: w.gpu, billing: w.billing, quants, backends }));
  checkWorkload(catalog, scenarios[0]!, resolved.workload);
  return { scenarios, resolved };
}

/** The scenario a plan request resolves to on its first GPU: what its search weighs there. */
export function planScenario(catalog: Catalog, request: PlanRequest): Scenario {
  const { sizeClass } = selectionOf(catalog, request);
  const { gpus } = gpusOf(catalog, request);
  return scenariosOf(catalog, request, sizeClass, quantsOf(catalog, request.quant), backendsOf(catalog, request.backend), gpus.slice(0, 1)).scenarios[0]!;
}

/** The notices a request's resolution raised. */
function noticesOf(unpriced: readonly Gpu[], weighed: readonly Weighed[], substituted: boolean, sizeText: string | null, models: readonly string[]): Notice[] {
  const notices: Notice[] = [];
  const pricing = weighed[0]!.billing.pricing;
  if (unpriced.length > 0) notices.push({ code: "unpriced_gpus", basis: pricing.choice, gpus: unpriced.map((g) => g.name) });
  const powerless = weighed.filter((w) => w.billing.electricityUsdPerKwh !== undefined && w.gpu.boardPowerW === undefined);
  if (powerless.length > 0) notices.push({ code: "energy_unknown", gpus: powerless.map((w) => w.gpu.name) });
  if (substituted && sizeText !== null) notices.push({ code: "size_class_substituted", size_class: sizeText, models: [...models] });
  return notices;
}

/** The notices of a plan's workload features: models its speculative method cannot draft for, models without a hosted price to compare. */
function featureNotices(catalog: Catalog, scenario: Scenario, request: PlanRequest | PredictRequest, models: readonly ModelSpec[]): Notice[] {
  const notices: Notice[] = [];
  const s = scenario.speculation;
  const skipped = s ? models.filter((m) => speculationProblem(m, s) !== undefined).map((m) => m.name) : [];
  if (s && skipped.length > 0) notices.push({ code: "speculation_skipped", method: s.method, models: skipped });
  const unpriced = request.compareApi ? models.filter((m) => apiPricesOf(catalog, m.name).length === 0).map((m) => m.name) : [];
  if (unpriced.length > 0) notices.push({ code: "api_price_unknown", models: unpriced });
  return notices;
}

/** How many candidates a plan returns: as asked, else one per GPU over several, else the engine's default. */
function limitOf(catalog: Catalog, request: PlanRequest, gpuCount: number): number {
  if (request.limit === "all") return Infinity;
  if (request.limit !== undefined) return request.limit;
  return gpuCount > 1 ? 1 : catalog.engine.defaults.limit;
}

/** Requests per replica the simulator runs to check a plan's candidates. */
const CHECKED_REQUESTS = 300;

/** The candidates the simulator checks when not told: as many as a plan returns, at most this many. */
const SIMULATED_CANDIDATES = 5;

/** A candidate of a plan with the evaluation and scenario it came from. */
type RankedCandidate = { candidate: Candidate; evaluation: Evaluation; scenario: Scenario };

/**
 * The first `count` candidates run through the replica simulator: each carries what it found, and one
 * whose simulated latencies miss a gate its analytic ones met is ranked after the checked ones that pass,
 * saying so (still before those not checked, whose simulated figures are unknown: so the first few of a
 * plan are the same whatever its limit).
 */
function checkBySimulation(ranked: readonly RankedCandidate[], spec: SimulationSpec, count: number): Candidate[] {
  const checked = ranked.map(({ candidate, evaluation, scenario }, i) => {
    if (i >= count || !evaluation.replica) return { candidate, misses: false };
    const simulated = simulateDeployment(evaluation, evaluation.sizing, scenario, spec);
    const misses = simulated.misses.length > 0;
    const warnings = misses ? [...candidate.warnings, { code: "simulation_misses_slo" as const, gates: simulated.misses, percentile: scenario.percentile }] : candidate.warnings;
    return { candidate: { ...candidate, simulated, warnings }, misses };
  });
  const head = checked.slice(0, count);
  return [...head.filter((c) => !c.misses), ...head.filter((c) => c.misses), ...checked.slice(count)].map((c) => c.candidate);
}

/** How many candidates the simulator checks over several GPUs: as asked, else as many as are returned up to SIMULATED_CANDIDATES. */
function simulatedCount(request: PlanRequest, limit: number): number {
  return request.simulateTop ?? Math.min(limit, SIMULATED_CANDIDATES);
}

/** A plan over the request's GPUs: the ranked survivors; with `explain`, every rejection and suggestion. */
function plan(catalog: Catalog, request: PlanRequest, explain: boolean): PlanResult {
  if (request.fleet !== undefined) throw new ChimeraforgeError("conflicting_fields", { field: "fleet", detail: "is planned by the planner's fleet use case (plan --fleet), which takes the same request." });
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
  refuseUndraftable(first, selection.models, request.speculative ?? "");
  const gates = catalog.engine.gates(first);
  const ranking = rankingOver(catalog, scenarios);
  const base = {
    scope: scopeOf(catalog, { scenario: first, weighed: gpus, sizeText, substituted: selection.substituted, request, resolved, ranking }),
    gates,
    notices: [
      ...noticesOf(unpriced, gpus, selection.substituted, sizeText, selection.models.map((m) => m.name)),
      ...featureNotices(catalog, first, request, selection.models),
    ],
  };
  // A plan's check runs fewer requests per candidate than predict: its p95 stands on the fifteen slowest.
  const spec = { ...simulationSpec(request, undefined), requests: CHECKED_REQUESTS };
  // The candidates, each with its highest rate when asked (one bisection each), then the first `count` checked by simulation.
  const finish = (ranked: readonly RankedCandidate[], count: number) => checkBySimulation(request.maxRate ? ranked.map((entry) => withMaxRate(catalog, entry)) : ranked, spec, count);
  if (scenarios.length > 1) return withUnknownPrefill({ ...base, ...across(catalog, request, scenarios, limit, ranking, (ranked) => finish(ranked, simulatedCount(request, limit))) });
  // The simulator checks the same first few whatever the limit, so a shorter plan is the head of a longer one.
  const count = request.simulateTop ?? SIMULATED_CANDIDATES;
  // Without explain nothing but the best few are searched for: configurations that cannot rank among them are skipped.
  const result = search(catalog, first, Math.max(limit, count), { bound: !explain, ranking });
  const candidates = finish(
    result.candidates.map((evaluation) => ({ candidate: candidateOf(catalog, evaluation, first, request), evaluation, scenario: first })),
    count,
  ).slice(0, limit);
  const nothingFits = candidates.length === 0;
  return withUnknownPrefill({
    ...base,
    candidates,
    passed: result.passed ?? null,
    searched: result.searched,
    rejected_by_gate: tallyGates(result.rejected),
    per_gpu: null,
    // Suggestions cost a few more searches: with explain, or when nothing fits.
    suggestions: explain || nothingFits ? suggest(catalog, first, nothingFits) : null,
    rejected: explain ? result.rejected : null,
  });
}

/** A plan that says which of its candidates' GPUs publish no TFLOPS: their prompt times are unknown (and rank last over several GPUs). */
function withUnknownPrefill(result: PlanResult): PlanResult {
  const gpus = [...new Set(result.candidates.filter((c) => c.provenance.prefill.source === "unknown").map((c) => c.hardware))];
  return gpus.length === 0 ? result : { ...result, notices: [...result.notices, { code: "prefill_unknown", gpus }] };
}

/**
 * The same scenario on each GPU, ranked across them: each GPU's best `perGpu` candidates, so the top
 * candidate is the cheapest of the per-GPU plans (ties: the higher key under `ranking`, then the GPU
 * listed first). `finish` makes the ranked list the candidates returned.
 */
function across(
  catalog: Catalog,
  request: PlanRequest,
  scenarios: readonly Scenario[],
  perGpu: number,
  ranking: QualityRanking,
  finish: (ranked: readonly RankedCandidate[]) => Candidate[],
) {
  const all: (RankedCandidate & { key: number; gpu: number; index: number })[] = [];
  const plans: GpuPlan[] = [];
  let searched = 0;
  const rejected: Rejection[] = [];
  scenarios.forEach((scenario, gpu) => {
    // Only each GPU's best few are shown: configurations that cannot rank among them are skipped.
    const result = search(catalog, scenario, perGpu, { bound: true, ranking });
    searched += result.searched;
    rejected.push(...result.rejected);
    const candidates = result.candidates.map((e) => candidateOf(catalog, e, scenario, request));
    candidates.forEach((candidate, index) => {
      const e = result.candidates[index]!;
      all.push({ candidate, evaluation: e, scenario, key: rankingKey({ quality: e.quality, published: e.published, quant: e.quant }, ranking), gpu, index });
    });
    plans.push({ gpu: scenario.gpu.name, usd_per_hour: round(scenario.gpu.usd_per_hour, 4), price_basis: scenario.billing?.basis ?? "given", best: candidates[0] ?? null, searched: result.searched });
  });
  // Every GPU of a plan over several has a price: monthly costs are known. A candidate whose prefill rests
  // on a GPU that publishes no TFLOPS cannot win on it: it ranks after every candidate whose figures are known.
  const cost = (c: Candidate) => c.monthly_cost ?? Infinity;
  const unknown = (c: Candidate) => (c.provenance.prefill.source === "unknown" ? 1 : 0);
  all.sort(
    (a, b) =>
      unknown(a.candidate) - unknown(b.candidate) ||
      cost(a.candidate) - cost(b.candidate) ||
      (b.key === a.key ? 0 : b.key > a.key ? 1 : -1) ||
      a.gpu - b.gpu ||
      a.index - b.index,
  );
  const candidates = finish(all);
  // Each GPU's best as the simulator left the ranking, GPUs in the order of their bests (none: last).
  const ranked = plans.map((p) => ({ ...p, best: candidates.find((c) => c.hardware === p.gpu) ?? null }));
  const order = (p: GpuPlan) => (p.best ? candidates.indexOf(p.best) : Infinity);
  return {
    candidates,
    passed: null,
    searched,
    rejected_by_gate: tallyGates(rejected),
    per_gpu: ranked.sort((a, b) => (order(a) === order(b) ? 0 : order(a) - order(b))),
    suggestions: null,
    rejected: null,
  };
}

/** How many fleet plans (one per model) a fleet result returns when not told. */
const FLEET_PLANS = 3;

/**
 * A plan over a fleet of owned GPUs: each model of the request served on every group (see searchFleet),
 * the best first. The GPUs are weighed on the owned basis unless asked otherwise; none needs a price.
 */
function fleet(catalog: Catalog, request: PlanRequest): FleetResult {
  if (request.fleet === undefined) throw new ChimeraforgeError("invalid_field", { field: "fleet", detail: 'is needed: the GPUs owned, such as "2x RTX 4090,1x RTX A6000".' });
  checkFleetRequest(request);
  const pricing = {
    choice: request.priceBasis ?? "owned",
    ownedYears: request.ownedYears ?? OWNED_YEARS,
    electricityUsdPerKwh: request.electricityUsdPerKwh,
    override: undefined,
  } as const;
  const owned = fleetGpus(catalog, request, pricing);
  const { sizeClass, sizeText } = selectionOf(catalog, request);
  const { scenarios, resolved } = scenariosOf(
    catalog,
    request,
    sizeClass,
    quantsOf(catalog, request.quant),
    backendsOf(catalog, request.backend),
    owned.map((o) => o.weighed),
  );
  // Owned GPUs: no budget; each group serves on the GPUs it holds.
  const groups: FleetGroup[] = scenarios.map((scenario, i) => ({ scenario: { ...scenario, budgetUsdPerMonth: Infinity, maxGpus: owned[i]!.count }, count: owned[i]!.count }));
  const selection = selectModels(catalog.models, sizeClass);
  refuseUndraftable(scenarios[0]!, selection.models, request.speculative ?? "");
  const ranking = rankingOver(catalog, scenarios);
  const found = searchFleet(catalog, selection.models, groups, ranking);
  const limit = request.limit === "all" ? Infinity : (request.limit ?? FLEET_PLANS);
  const weighed = owned.map((o) => o.weighed).filter((w, i, list) => list.findIndex((v) => v.gpu.name === w.gpu.name) === i);
  const scope = scopeOf(catalog, { scenario: groups[0]!.scenario, weighed, sizeText, substituted: selection.substituted, request, resolved, ranking });
  return {
    scope: {
      ...scope,
      max_gpus: owned.reduce((n, o) => n + o.count, 0),
      budget_usd_per_month: null,
      defaults: scope.defaults.filter((d) => d !== "hardware" && d !== "maxGpus" && d !== "budgetUsdPerMonth"),
    },
    fleet: fleetScope(owned),
    plans: found.servings.slice(0, limit).map((s) => fleetPlan(catalog, s, groups)),
    searched: found.searched,
    notices: [...noticesOf([], weighed, selection.substituted, sizeText, selection.models.map((m) => m.name)), ...featureNotices(catalog, scenarios[0]!, request, selection.models)],
  };
}

/** Decimals each gate unit is rounded to. */
const UNIT_DECIMALS: Readonly<Record<GateCheck["unit"], number>> = { tokens: 0, GiB: 2, GB: 2, score: 3, "tok/s": 1, ms: 1, "$/month": 2 };

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
  if (scenario.expertParallel && catalog.engine.serves(backend, quant, gpu, { ...scenario, expertParallel: undefined })) {
    const runs = catalog.backends.filter((b) => catalog.engine.serves(b, quant, gpu, scenario)).map((b) => b.name);
    const where = runs.length > 0 ? `; it runs on: ${runs.join(", ")}` : `, nor does any backend that serves ${quant.name} on ${gpu.name}`;
    return fieldError("not_served", "expertParallel", `: ${backend.name} does not run expert parallelism${where}.`);
  }
  const method = scenario.speculation?.method;
  if (method && catalog.engine.serves(backend, quant, gpu, { ...scenario, speculation: undefined })) {
    const runs = catalog.backends.filter((b) => catalog.engine.serves(b, quant, gpu, scenario)).map((b) => b.name);
    return fieldError("not_served", "speculative", `: ${backend.name} does not run ${method} speculative decoding; it runs on: ${runs.join(", ") || "no backend here"}.`, method);
  }
  const served = catalog.quants.filter((q) => catalog.engine.serves(backend, q, gpu, scenario)).map((q) => q.name);
  const why =
    backend.platforms && gpu.platform !== "any" && !backend.platforms.includes(gpu.platform)
      ? `${backend.name} does not run on ${gpu.platform} GPUs (${gpu.name})`
      : quant.format === "fp8" && !gpu.fp8 && backend.formats?.includes("fp8")
        ? `${gpu.name} has no FP8 tensor cores`
        : quant.format === "nvfp4" && backend.formats?.includes("nvfp4")
          ? `${gpu.name} has no FP4 tensor cores (NVFP4 runs on NVIDIA Blackwell)`
          : `${backend.name} does not serve ${quant.format} weights`;
  return fieldError("not_served", "quant", `is not served: ${why}; it serves here: ${served.join(", ") || "nothing"}.`, quant.name);
}

/** A plan whose every model the speculative method cannot draft for is refused, as predict refuses one (some: they are left out, and a notice says so). */
function refuseUndraftable(scenario: Scenario, models: readonly ModelSpec[], value: string): void {
  const s = scenario.speculation;
  if (!s || models.length === 0) return;
  const problems = models.map((m) => speculationProblem(m, s));
  const first = problems[0];
  if (first && problems.every((p) => p !== undefined)) throw speculationError(first, models[0]!, value);
}

/** Why speculative decoding as asked cannot draft for `model`. */
function speculationError(problem: SpeculationProblem, model: ModelSpec, value: string): ChimeraforgeError {
  switch (problem.code) {
    case "no_mtp_heads":
      return fieldError("invalid_field", "speculative", `: ${model.name} ships no multi-token prediction heads (MTP drafts with a model's own: DeepSeek-V3 and DeepSeek-R1 have them); use "eagle" or "draft:<model>".`, value);
    case "draft_vocabulary":
      return fieldError(
        "invalid_field",
        "speculative",
        `: ${problem.draft}'s vocabulary has ${problem.draftVocab} tokens, ${model.name}'s ${problem.targetVocab}: a draft model must share its target's tokenizer.`,
        value,
      );
    case "draft_is_target":
      return fieldError("invalid_field", "speculative", `: ${model.name} cannot draft for itself; name a smaller model of its family.`, value);
  }
}

/** Expert parallelism asked of one deployment that has no experts to spread, or no GPUs to spread them over. */
function refuseExpertParallel(model: ModelSpec, gpus: number): void {
  if (!model.experts) throw fieldError("invalid_field", "expertParallel", `: ${model.name} is dense; expert parallelism spreads a mixture of experts' experts over GPUs.`);
  if (gpus < 2) throw fieldError("invalid_field", "expertParallel", ": spreads the experts over a replica's GPUs; give it 2, 4 or 8 of them (tensorParallel, --tp).");
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

/**
 * How a request's deployment is simulated: its trace, else its arrival process, else a closed loop of
 * `closedUsers` (predict with a concurrency and no rate), else Poisson at the request rate.
 */
function simulationSpec(request: PlanRequest | PredictRequest, closedUsers: number | undefined): SimulationSpec {
  if (request.trace && request.arrival !== undefined) {
    throw new ChimeraforgeError("conflicting_fields", { field: "arrival", detail: ": a {trace} brings its own arrivals; give one or the other." });
  }
  const arrival = request.arrival !== undefined ? parseArrival(request.arrival) : closedUsers !== undefined ? { kind: "closed" as const, users: closedUsers } : { kind: "poisson" as const };
  if (!arrival) throw fieldError("invalid_field", "arrival", ': expected "poisson", "gamma:<cv>", "closed:<users>" or "burst:<n>".', request.arrival ?? "");
  return { arrival, trace: request.trace, seed: request.seed ?? 1, requests: SIMULATED_REQUESTS };
}

/** The one deployment a predict or capacity request names, on its GPU, checked to run as asked. */
interface NamedDeployment {
  model: ModelSpec;
  quant: QuantLevel;
  backend: BackendSpec;
  weighed: Weighed;
  scenario: Scenario;
  resolved: ResolvedLimits;
  deployment: { replicas: number; concurrency: number; gpus: number };
  spec: SimulationSpec;
}

/**
 * The deployment a request names (`useCase` says which asked, for its errors): one model, format, backend
 * and GPU, its replicas, concurrency and GPUs per replica, and how the simulator runs it. With
 * `closedByDefault` (predict), a concurrency without a rate is a closed loop of that many users per replica.
 */
function namedDeployment(catalog: Catalog, request: PredictRequest, useCase: "predict" | "capacity", closedByDefault: boolean): NamedDeployment {
  const described = describedModel(request);
  if (described && request.model !== undefined) {
    throw new ChimeraforgeError("conflicting_fields", { field: "model", detail: "names a registry model: give it or {modelConfig} (or {modelShape}), not both." });
  }
  if (!described && request.model === undefined) {
    throw new ChimeraforgeError("invalid_field", { field: "model", detail: `is needed: ${useCase} takes one model, by {model}, {modelConfig} or {modelShape}.` });
  }
  const model = described ?? namedModels(catalog.models, nameList(request.model)!)[0]!;
  const quant = quantNamed(catalog, request.quant);
  const backend = backendNamed(catalog, request.backend);
  const hardware = nameList(request.hardware);
  if (hardware !== undefined && (hardware.length > 1 || hardware[0]?.toLowerCase() === "all")) {
    throw fieldError("invalid_field", "hardware", `: ${useCase} takes one GPU (plan takes several).`, hardware.join(","));
  }
  const { gpus } = gpusOf(catalog, request);
  const weighed = gpus[0]!;
  const gpu = weighed.gpu;
  const sizeClass: SizeClass = { kind: "models", models: [model] };
  const resolved = limitsFor(catalog, request, weighed);
  const deployment = catalog.engine.deployment({ replicas: request.replicas, concurrency: request.concurrency });
  const closed = closedByDefault && request.concurrency !== undefined && request.requestRate === undefined;
  const spec = simulationSpec(request, closed ? request.concurrency! * deployment.replicas : undefined);
  const scenario: Scenario = { ...resolved.limits, sizeClass, gpu, billing: weighed.billing, closedLoopUsers: spec.arrival.kind === "closed" && !spec.trace ? spec.arrival.users : undefined };
  checkWorkload(catalog, scenario, resolved.workload);
  const problem = scenario.speculation && speculationProblem(model, scenario.speculation);
  if (problem) throw speculationError(problem, model, request.speculative ?? "");
  if (!catalog.engine.serves(backend, quant, gpu, scenario)) throw notServed(catalog, backend, quant, gpu, scenario);
  const tp = request.tensorParallel ?? 1;
  if (!catalog.engine.replicaSizes(model, quant, backend, { ...scenario, tensorParallel: tp }).includes(tp)) throw notDeployable(backend, gpu, tp);
  if (scenario.expertParallel) refuseExpertParallel(model, tp);
  return { model, quant, backend, weighed, scenario, resolved, deployment: { ...deployment, gpus: tp }, spec };
}

/** Every prediction for exactly one deployment the request names, and each gate's verdict on it. */
function predict(catalog: Catalog, request: PredictRequest): PredictResult {
  const { model, quant, backend, weighed, scenario, resolved, deployment, spec } = namedDeployment(catalog, request, "predict", true);
  // Unasked, a replica runs what its backend runs by default (within its KV cache).
  const { evaluation, gates } = predictDeployment(catalog, scenario, model, quant, backend, { ...deployment, backendDefault: request.concurrency === undefined });
  const b = evaluation.backendConcurrency;
  // A configuration runs only when its memory and context fit; one that does not is not simulated.
  const fits = gates.every((g) => g.passed || (g.gate !== "vram" && g.gate !== "context"));
  const simulated = fits && evaluation.replica ? simulateDeployment(evaluation, evaluation.sizing, scenario, spec) : undefined;
  const candidate = candidateOf(catalog, evaluation, scenario, request);
  // A format the model is not published in (gpt-oss: MXFP4 only) is predicted as asked, and said.
  const unpublished = model.quants && !model.quants.includes(quant.name) ? [{ code: "format_unpublished" as const, published: [...model.quants] }] : [];
  return {
    ...candidate,
    warnings: [...candidate.warnings, ...unpublished],
    ...(simulated ? { simulated } : {}),
    concurrency_source: request.concurrency !== undefined ? "given" : b ? "backend_default" : "default",
    backend_concurrency: b ? { setting: b.setting, default: b.defaultSequences, kv_cache_limit: b.kvLimit } : null,
    gates: gates.map(gateResult),
    passes_all_gates: gates.every((g) => g.passed),
    fits,
    failed_gates: gates.filter((g) => !g.passed).map((g) => g.gate),
    scope: scopeOf(catalog, { scenario, weighed: [weighed], sizeText: null, substituted: false, request, resolved, ranking: null }),
  };
}

/** Significant digits a highest rate is given to, rounded down (so that it still meets what it met). */
const RATE_DIGITS = 4;

/** The near-zero rate a deployment that carries nothing within its SLOs is predicted at, req/s. */
const IDLE_RATE = 0.001;

/**
 * The most one deployment carries within its SLOs: the highest request rate and closed-loop users, what
 * binds first, and predict's whole answer at that rate. A deployment that does not fit its GPU's memory
 * (or the model's context) carries nothing.
 */
function capacity(catalog: Catalog, request: CapacityRequest): CapacityResult {
  const { model, quant, backend, scenario, deployment } = namedDeployment(catalog, request, "capacity", false);
  // The deployment predict describes: unasked, the backend's default concurrency.
  const { evaluation, gates } = predictDeployment(catalog, scenario, model, quant, backend, { ...deployment, backendDefault: request.concurrency === undefined });
  const { engine } = catalog;
  const blocked = gates.find((g) => !g.passed && (g.gate === "vram" || g.gate === "context"));
  const found = blocked
    ? { requestRate: 0, binding: blocked.gate === "vram" ? ("memory" as const) : ("context" as const), alone: true, saturationRps: evaluation.sizing.capacityRps }
    : deploymentCapacity(engine, evaluation, evaluation.sizing, scenario);
  const users = mostUsers(engine, evaluation, evaluation.sizing, scenario);
  const rate = floorSignificant(found.requestRate, RATE_DIGITS);
  const prediction = predict(catalog, { ...request, requestRate: rate > 0 ? rate : IDLE_RATE });
  return {
    max_request_rate: rate,
    max_concurrent_users: blocked && users !== null ? 0 : users,
    binding: found.binding,
    binding_alone: found.alone,
    saturation_rps: round(found.saturationRps, 4),
    prediction,
    scope: prediction.scope,
  };
}

/** A plan's candidate with the highest request rate its deployment carries within the SLOs, and what binds there (maxRate). */
function withMaxRate<T extends { candidate: Candidate; evaluation: Evaluation; scenario: Scenario }>(catalog: Catalog, entry: T): T {
  const found = deploymentCapacity(catalog.engine, entry.evaluation, entry.evaluation.sizing, entry.scenario);
  return { ...entry, candidate: { ...entry.candidate, max_request_rate: floorSignificant(found.requestRate, RATE_DIGITS), binding: found.binding } };
}
