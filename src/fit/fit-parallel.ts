import { meanDecodeContext, decodeStep, stepSeconds } from "../core/laws/roofline.js";
import { splitStep } from "../core/laws/parallel.js";
import type { ModelSpec, QuantLevel } from "../core/catalog/types.js";
import type { ServingV2 } from "../schema/fitted-models.js";
import type { DecodeMeasurements } from "../schema/measurements.js";
import type { DecodeSection } from "./fit-roofline.js";
import { goldenSection } from "./least-squares.js";

type Point = DecodeMeasurements["points"][number];

/** The median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
}

/**
 * The multi-GPU coefficients, from the decode measurements of one model on several GPUs:
 * - a layer split's hand-off time per further GPU is what the step gained over the same model, quant,
 *   backend and GPU measured alone, (1/speed(n) − 1/speed(1)) / (n − 1): the median over such pairs;
 * - tensor parallelism's fixed all-reduce latency is the value whose sharded roofline step (each GPU
 *   reading its share, two all-reduces per layer over the row's link) best fits the tensor-parallel rows,
 *   by least squares on log(predicted / measured).
 */
export function fitParallel(
  decode: DecodeMeasurements,
  resolve: (p: Point) => { model: ModelSpec; quant: QuantLevel } | undefined,
  roofline: DecodeSection,
): ServingV2["parallel"] {
  const single = (p: Point) =>
    decode.points.find((q) => q.n_gpus === 1 && q.model === p.model && q.quant === p.quant && q.backend === p.backend && q.gpu === p.gpu);
  const hops = decode.points.flatMap((p) => {
    const alone = p.n_gpus > 1 && p.split === "layer" ? single(p) : undefined;
    return alone ? [Math.max(0, (1 / p.tokens_per_second - 1 / alone.tokens_per_second) / (p.n_gpus - 1))] : [];
  });
  const tensor = decode.points.flatMap((p) => {
    const r = p.n_gpus > 1 && p.split === "tensor" && p.link_gbps !== undefined ? resolve(p) : undefined;
    const c = roofline.coefficients[`${p.backend}|${p.platform}`] ?? roofline.coefficients[`${p.backend}|any`];
    return r && c ? [{ p, ...r, c }] : [];
  });
  const predicted = (allreduceUs: number) =>
    tensor.map(({ p, model, quant, c }) => {
      const step = decodeStep(model, quant, p, c, meanDecodeContext(p.prompt_tokens, p.output_tokens));
      const bytes = ((2 * (p.n_gpus - 1)) / p.n_gpus) * model.hidden_size * 2;
      const joinS = 2 * model.n_layers * (allreduceUs / 1e6 + bytes / (p.link_gbps! * 1e9));
      return 1 / stepSeconds(splitStep(step, model, { gpusPerReplica: p.n_gpus, split: "tensor" }, joinS));
    });
  const loss = (us: number) => predicted(us).reduce((s, tps, i) => s + Math.log(tps / tensor[i]!.p.tokens_per_second) ** 2, 0);
  const allreduceUs = tensor.length > 0 ? goldenSection(loss, 0, 1000) : 0;
  return {
    $comment:
      "Tensor parallelism: two all-reduces per layer per step, each allreduce_us plus a ring all-reduce's bytes over the GPU's link; a layer split adds layer_hop_ms per further GPU. Fitted by scripts/fit-coefficients.ts on data/measurements/decode.json's multi-GPU rows.",
    allreduce_us: allreduceUs,
    layer_hop_ms: hops.length > 0 ? median(hops) * 1000 : 0,
    source: hops.length > 0 && tensor.length > 0 ? "measured" : "estimated",
    n_points: hops.length + tensor.length,
  };
}
