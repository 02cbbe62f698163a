import type { StepPair, StepV1 } from "../../schema/fitted-models.js";
import type { Gpu, QuantLevel } from "../catalog/types.js";
import { own } from "../own.js";
import { peakFlops } from "./prefill.js";
import type { StepCoefficients } from "./step-costs.js";

/** A (backend, platform) pair resolved: its key ("backend|platform"), its figures. */
interface ResolvedPair {
  key: string;
  pair: StepPair;
}

/** Pairs resolved per section, by backend, then platform: a search and a fit resolve the same few many times. */
type Resolved = Map<string, Map<string, ResolvedPair>>;
const resolved = new WeakMap<StepV1, Resolved>();
/** The section resolved last: a fit asks of one candidate section for every row before it tries the next. */
let lastSection: StepV1 | undefined;
let lastPairs: Resolved | undefined;

/** The pair a backend runs with on a GPU's platform: its own, else the backend's pooled "any". */
function pairFor(section: StepV1, backend: string, platform: string): ResolvedPair {
  let bySection = lastSection === section ? lastPairs : resolved.get(section);
  if (!bySection) resolved.set(section, (bySection = new Map()));
  lastSection = section;
  lastPairs = bySection;
  let byPlatform = bySection.get(backend);
  if (!byPlatform) bySection.set(backend, (byPlatform = new Map()));
  let found = byPlatform.get(platform);
  if (!found) {
    const wanted = `${backend}|${platform}`;
    const key = own(section.pairs, wanted) ? wanted : `${backend}|any`;
    const pair = own(section.pairs, key);
    if (!pair) throw new Error(`no step_v1 pair for ${backend} (a loaded coefficient file always has one)`);
    byPlatform.set(platform, (found = { key, pair }));
  }
  return found;
}

/** The link class whose all-reduce latency a GPU's interconnect takes. */
export function linkClass(gpu: Pick<Gpu, "interconnect">): keyof StepV1["links"] {
  const kind = gpu.interconnect?.kind ?? "pcie4";
  if (kind.startsWith("nvlink")) return "nvlink";
  if (kind === "infinity_fabric") return "infinity_fabric";
  return "pcie";
}

/** The per-layer seconds of a pair on a GPU: faster memory systems run the small per-layer kernels sooner. */
function layerSeconds(section: Pick<StepV1, "layer_scaling">, pair: Pick<StepPair, "layer_ms">, bandwidthGbps: number): number {
  const { reference_gbps, exponent } = section.layer_scaling;
  return (pair.layer_ms / 1000) * (reference_gbps / bandwidthGbps) ** exponent;
}

/** What a step's coefficients are resolved for. */
export interface CoefficientSubject {
  backend: string;
  accumulate?: "fp16" | "fp32" | undefined;
  gpu: Pick<Gpu, "platform" | "bandwidth_gbps" | "interconnect" | "fp16_tflops" | "fp16_acc_tflops" | "fp8" | "fp8Tflops" | "fp4Tflops">;
  quant: QuantLevel;
}

/** The coefficients of one backend's step on one GPU in one format (peak FLOPS 0 when the GPU publishes none). */
export function stepCoefficients(section: StepV1, subject: CoefficientSubject): StepCoefficients & { pairKey: string; pair: StepPair } {
  const { key, pair } = pairFor(section, subject.backend, subject.gpu.platform);
  const kernel = subject.quant.kernel;
  // A platform with its own experts' figures (its MoE kernels), else the shared ones.
  const experts = own(section.experts.platforms, subject.gpu.platform) ?? section.experts;
  return {
    pairKey: key,
    pair,
    layerS: layerSeconds(section, pair, subject.gpu.bandwidth_gbps),
    stepS: pair.step_ms / 1000,
    sequenceS: pair.sequence_ms / 1000,
    weightEfficiency: pair.weight_efficiency[kernel] ?? pair.weight_efficiency.fp16 ?? 1,
    kvEfficiency: pair.kv_efficiency,
    expertReadEfficiency: experts.read_efficiency,
    moeLayerS: experts.layer_ms / 1000,
    peakFlops: peakFlops(subject.gpu, subject.quant, subject.accumulate) ?? 0,
    computeEfficiency: pair.compute_efficiency[kernel] ?? pair.compute_efficiency.fp16 ?? 1,
    attentionEfficiency: pair.attention_efficiency,
    allreduceS: section.links[linkClass(subject.gpu)].allreduce_us / 1e6,
    linkEfficiency: section.links[linkClass(subject.gpu)].bandwidth_efficiency,
    layerHopS: section.layer_hop_ms / 1000,
  };
}
