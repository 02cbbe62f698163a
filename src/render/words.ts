import type { PriceBasis, PriceBasisChoice } from "../core/kinds.js";
import type { LaunchNote } from "../core/launch/launch-types.js";
import type { CapacityBinding, Gate, PlanWarning, Rejection, SuggestionField } from "../core/planner/results.js";

/** A price's basis in a few words; "given": the request set it; null: no price is known. */
export function priceBasisWords(basis: PriceBasis | "given" | null): string {
  return basis === null ? "price unknown" : PRICE_BASIS_WORDS[basis];
}

const PRICE_BASIS_WORDS: Readonly<Record<PriceBasis | "given", string>> = {
  on_demand: "on demand",
  marketplace: "marketplace",
  serverless: "serverless",
  reserved: "reserved",
  owned: "owned",
  tr133_appendix_b: "TR133 App. B",
  given: "given",
};

/** Which prices a plan ranked on, as an adjective ("no on-demand price"). */
export const BASIS_WORDS: Readonly<Record<PriceBasisChoice, string>> = {
  "on-demand": "on-demand",
  marketplace: "marketplace",
  owned: "owned",
  any: "sourced",
};

/** How each gate is named to people. */
export const GATE_LABELS: Readonly<Record<Gate, string>> = {
  context: "context",
  vram: "VRAM",
  quality: "quality",
  capacity: "capacity",
  latency: "latency",
  ttft: "first token",
  tpot: "per token",
  budget: "budget",
};

/** What binds a deployment's highest rate, in a table cell. */
export const BINDING_LABELS: Readonly<Record<CapacityBinding, string>> = {
  latency: "latency",
  ttft: "first token",
  tpot: "per token",
  capacity: "throughput",
  kv_cache: "KV cache",
  memory: "memory",
  context: "context",
};

/** What each provenance source means. */
export const PROVENANCE_LEGEND: Readonly<Record<string, string>> = {
  measured: "a measurement of this configuration on this GPU",
  extrapolated:
    "a measurement carried past where it was taken: to this GPU or context by the roofline times' ratio, or beyond the concurrency measured (the reference: by bandwidth)",
  estimated: "a law over other measurements (the memory roofline; the reference: quant multiplier, size power law, backend default, mean delta)",
  unknown: "never measured (a cost or energy: no price or board power is sourced)",
  derived: "arithmetic over the data (parameters, bits per weight, prices)",
  calibrated: "the physics multiplied by a --calibration factor fitted on your own benchmark output",
};

/** The flag each suggestion changes. */
export const SUGGESTION_FLAGS: Readonly<Record<SuggestionField, string>> = {
  budgetUsdPerMonth: "--budget",
  latencySloMs: "--latency-slo",
  qualityTarget: "--quality-target",
  requestRate: "--request-rate",
  contextLength: "--context-length",
  maxGpus: "--max-gpus",
  tensorParallel: "--tp",
  hardware: "--hardware",
};

/** A warning as a person reads it (the reference's words where it had them). */
export function warningText(w: PlanWarning): string {
  switch (w.code) {
    case "saturated":
      return `utilisation > ${Math.round(w.limit * 100)}% safety cap`;
    case "quality_concerning":
      return "quality drop concerning (-10 to -15pp)";
    case "quality_unknown":
      return w.assumed === null
        ? "quality unknown on TR124/TR125: never measured, so the quality gate let it through"
        : `quality unknown: ${w.assumed} assumed, so the quality gate decided on a guess`;
    case "quality_published_gate":
      return `no TR124/TR125 score: the quality gate judged the ${w.benchmark} score${w.source === "estimated" ? " (estimated)" : ""}, ${w.score.toFixed(4)}, against --published-target ${w.target}`;
    case "many_gpus":
      return `requires ${w.gpus_billed} GPU instances`;
    case "vram_headroom":
      return `VRAM usage > ${Math.round(w.limit * 100)}% of capacity`;
    case "concurrency_extrapolated":
      return `${w.concurrency} requests per replica is beyond the measured ${w.measured}: the scaling law is extrapolated`;
    case "context_beyond_window":
      return `context ${w.context_length} exceeds the model's ${w.window}-token window: quality there is unmeasured`;
    case "throughput_capped":
      return `decode speed cut to the physical ceiling (${w.ceiling_tps.toFixed(1)} tok/s: bandwidth over the active weights)`;
    case "prefill_unknown":
      return `${w.gpu} publishes no FP16 TFLOPS: the prompt's prefill counts only one pass over the weights (give --gpu-tflops for a GPU of your own)`;
    case "simulation_misses_slo":
      return `the replica simulator finds the p${w.percentile} ${w.gates.map((g) => GATE_LABELS[g]).join(", ")} over the SLO (the analytic model met it): ranked after those that pass`;
    case "size_class_substituted":
      return `no model within 50% of ${w.size_class}: this one (${w.params_b.toFixed(2)}B) is the closest`;
    case "prefix_cache_unsupported":
      return `${w.backend} has no prefix cache: the prefix cache hit rate and shared prefix are ignored, every prompt token is computed`;
    case "prefix_kv_per_slot":
      return `${w.backend} caches a prompt per slot: the shared prefix is not computed again, but every slot holds its own copy of its KV`;
    case "format_unpublished":
      return `the model is published in ${w.published.join(", ")} only: no checkpoint in this format may exist to serve`;
  }
}

const fmt = (x: number, digits: number) => x.toFixed(digits);

/** Why a gate turned a configuration away, in one line ("VRAM 17.82 GB > 12 GB"). */
export function rejectionReason(r: Rejection, scope: { max_gpus: number; percentile: number; memory_unit: string }): string {
  const maxGpus = scope.max_gpus;
  const p = `p${scope.percentile}`;
  const { gate, value, limit } = r;
  if (value === null) return gate === "budget" ? "the GPU has no price: a budget cannot be met (give --gpu-price)" : "no quality score to judge (--unknown-quality reject)";
  const gpus = r.gpus_billed === undefined ? "" : ` on ${r.gpus_billed} GPU${r.gpus_billed > 1 ? "s" : ""}`;
  switch (gate) {
    case "context":
      return `context ${value} tokens > the model's ${limit}-token window`;
    case "vram":
      return `VRAM ${fmt(value, 2)} ${scope.memory_unit} > ${fmt(limit, 2)} ${scope.memory_unit}`;
    case "quality":
      return r.scale === "published" ? `published score ${fmt(value, 4)} < ${limit} --published-target` : `quality ${fmt(value, 3)} < ${limit} target`;
    case "capacity":
      return `needs more than ${maxGpus} GPUs for ${fmt(value, 1)} tok/s (${maxGpus} carry ${fmt(limit, 1)})`;
    case "latency":
      return `${p} ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "ttft":
      return `${p} first token ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "tpot":
      return `${p} per output token ${fmt(value, 1)} ms > ${limit} ms SLO${gpus}`;
    case "budget":
      return `$${fmt(value, 2)}/month > $${limit} budget${gpus}`;
  }
}

/** A launch note as a person reads it. */
export function launchNoteText(n: LaunchNote): string {
  switch (n.code) {
    case "memory_above_default":
      return `the plan's memory needs ${n.setting} ${n.needed}, above the backend's default ${n.default}: launched at the default, its KV cache holds fewer tokens than the plan counted, and requests beyond them wait`;
    case "prequantized_checkpoint":
      return `${n.quant} weights come from a checkpoint quantized that way: replace ${n.model} with one`;
    case "gguf_file":
      return `the commands load ${n.file}, a GGUF of ${n.model} at ${n.quant}, from ./models: download one (a GGUF repository on Hugging Face) or convert it with llama.cpp's convert_hf_to_gguf.py`;
    case "ollama_tag_quant":
      return `ollama run ${n.tag} pulls the quantization Ollama's library publishes under that tag: for ${n.quant}, run the tag of that quantization (the model's library page lists them) or import a GGUF with a Modelfile`;
    case "no_hf_id":
      return `${n.model} has no Hugging Face id in the registry: replace its name in the commands with the repository to load`;
    case "no_amd_image":
      return `data/engines.json has no ROCm image for ${n.backend}: the compose file names its CUDA image; put a ROCm build in its place`;
    case "gpus_across_hosts":
      return `the GPU indices count the deployment's ${n.gpus} GPUs: on hosts with fewer, run each replica on a host of its own, its GPUs counted from 0 there`;
    case "no_apple_compose":
      return "no compose file: the images document NVIDIA and AMD GPUs only; on an Apple GPU run the commands themselves";
    case "speculative_not_launched":
      return `the plan counts ${n.method === "draft" ? `a draft model (${n.draft_model ?? "?"})` : n.method} speculative decoding, which the commands do not turn on${n.how ? `: add ${n.how}` : ""}, with the draft your acceptance rate was measured with`;
  }
}
