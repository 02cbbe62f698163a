import type { Gpu, ModelSpec, QuantLevel } from "../catalog/types.js";
import type { KvDtype } from "../kinds.js";
import { GIB, kvCacheGib, readWeightsGb } from "../model/weights.js";
import { kvShare, linkGbps, type Parallelism } from "./parallel.js";
import type { StepCosts } from "./step.js";

/** The fitted figures a step's costs rest on, for one backend on one GPU (see stepCosts). */
export interface StepCoefficients {
  /** Seconds per layer per step: kernel launches and the latency-bound small kernels. */
  layerS: number;
  /** Seconds of the engine's host work per step (scheduling, sampling), and per sequence in the step. */
  stepS: number;
  sequenceS: number;
  /** Shares of bandwidth at which weights and the KV cache are read. */
  weightEfficiency: number;
  kvEfficiency: number;
  /** A mixture's routed experts are read at this share of the weights' efficiency; each MoE layer adds `moeLayerS` per step. */
  expertReadEfficiency: number;
  moeLayerS: number;
  /** Peak FLOP/s of the format's matrix multiplies (0: unknown), and the shares linear layers and attention reach. */
  peakFlops: number;
  computeEfficiency: number;
  attentionEfficiency: number;
  /** Seconds of one all-reduce's latency over the replica's link, and a layer split's hand-off per further GPU. */
  allreduceS: number;
  layerHopS: number;
  /** The share of the link's datasheet bandwidth an all-reduce's bytes move at (NCCL's achieved bus bandwidth). */
  linkEfficiency: number;
}

/** What the costs are worked out for: the model, format, GPU, how a replica spans its GPUs, the KV cache's type and the context a sequence holds on average. */
export interface StepSubject {
  model: ModelSpec;
  quant: QuantLevel;
  gpu: Pick<Gpu, "bandwidth_gbps" | "interconnect">;
  parallelism: Parallelism;
  kvDtype?: KvDtype | undefined;
  contextTokens: number;
}

/** Bytes per GB: weights are counted in decimal units, as bandwidth is quoted. */
const GB = 1e9;

/**
 * A configuration's step costs per GPU of one replica. Weights: the active parameters but the input
 * embedding (a row look-up) at the format's bits; a mixture of experts splits them into what every step
 * reads and the routed experts, of which a step reads those its tokens touch. The KV cache per token is
 * taken at the mean context (sliding-window layers hold at most their window). A tensor split shards
 * weights, KV heads and arithmetic over the GPUs and all-reduces twice per layer; a layer split runs its
 * GPUs one after another, each handing on once per step. Expert parallelism keeps the tensor split's
 * attention and joins (its hidden state is on every GPU, so the dispatch to the experts is local and the
 * combine is the all-reduce the split pays anyway) but places each routed expert whole on one GPU.
 */
export function stepCosts(subject: StepSubject, k: StepCoefficients): StepCosts {
  const { model, quant, parallelism: p } = subject;
  const tensor = p.split === "tensor" ? p.gpusPerReplica : 1;
  const bits = quant.bits_per_weight;
  const readBytes = readWeightsGb(model, quant) * GB;
  const e = model.experts;
  const routedBytes = e ? (e.routedParamsB * 1e9 * bits) / 8 : 0;
  const routedActive = e ? (routedBytes * e.perToken) / e.total : 0;
  const bandwidth = subject.gpu.bandwidth_gbps * GB;
  const context = Math.max(1, subject.contextTokens);
  // A tensor split reads each GPU's share of the KV heads at once; a layer split reads every layer's in turn.
  const kvPerToken = ((kvCacheGib(model, context, 1, subject.kvDtype) * GIB) / context) * (p.split === "tensor" ? kvShare(model, p) : 1);
  const linearParams = (model.active_params_b - model.input_embedding_params_b) * 1e9;
  const layers = model.n_layers;
  const link = linkGbps(subject.gpu) * GB * k.linkEfficiency;
  const joinS = p.split === "tensor" && tensor > 1 ? 2 * layers * k.allreduceS : p.split === "layer" ? (p.gpusPerReplica - 1) * k.layerHopS : 0;
  // A ring all-reduce moves 2(n − 1)/n of the FP16 hidden state per token, twice per layer.
  const joinPerTokenS = p.split === "tensor" && tensor > 1 && link > 0 ? (2 * layers * ((2 * (tensor - 1)) / tensor) * model.hidden_size * 2) / link : 0;
  const weightBytesPerS = bandwidth * k.weightEfficiency;
  return {
    denseBytes: (readBytes - routedActive) / tensor,
    // Routed experts read at a lower share of bandwidth count as that many more bytes at the weights' rate.
    // Spread whole over the GPUs (expert parallelism), a GPU reads its own experts the step touches; a tensor split, a slice of each.
    experts: e ? { bytesEach: routedBytes / e.total / tensor / k.expertReadEfficiency, total: e.total, perToken: e.perToken, owners: p.expertParallel ? tensor : 1 } : undefined,
    kvBytesPerToken: kvPerToken,
    weightBytesPerS,
    kvBytesPerS: bandwidth * k.kvEfficiency,
    flopsPerToken: (2 * linearParams) / tensor,
    linearFlopsPerS: k.peakFlops * k.computeEfficiency,
    attentionFlopsPerPair: (4 * layers * model.n_heads * model.d_head) / tensor,
    attentionFlopsPerS: k.peakFlops * k.attentionEfficiency,
    fixedS: layers * k.layerS + (e ? e.layers * k.moeLayerS : 0),
    hostS: k.stepS,
    perSequenceS: k.sequenceS,
    joinS,
    joinPerTokenS,
  };
}
