import type { Percentile, Quantiles } from "./queue.js";
import { meanContext, promptChunks, replicaPrefillS, saturation, type Replica, type ReplicaLoad } from "./replica.js";
import { decodeStepS } from "./step.js";

/** Milliseconds at each percentile from seconds. */
function ms(f: (p: Percentile) => number): Quantiles {
  return { p50: f(50) * 1000, p90: f(90) * 1000, p95: f(95) * 1000, p99: f(99) * 1000 };
}

/**
 * A replica serving a closed loop of `users` clients, each sending its next request as soon as its last
 * completes (vllm bench --max-concurrency, genai-perf's concurrency mode), running at most `concurrency`
 * at once. The replica stays full: it completes X(c) requests a second, and each prompt arrives as one
 * finishes, at no set phase to the others'. A prompt is prefilled in the steps it rides in beside the
 * c − 1 decoding sequences; it waits when another prompt holds the step budget, as in a queue served
 * at the prefill's pace (M/D/1: the busy share u = X × prefill, the mean wait u × prefill / 2(1 − u),
 * its tail falling off exponentially). Users beyond the concurrency wait for a slot: (users − c) / X.
 */
export function closedLoop(r: Replica, concurrency: number, users: number): ReplicaLoad & { requestsPerS: number } {
  const c = Math.max(1, Math.min(concurrency, users));
  const full = saturation(r, c);
  const context = meanContext(r);
  const chunks = promptChunks(r);
  const prefill = replicaPrefillS(r, c - 1, context) + chunks * full.decodeStepS;
  const busy = Math.min(0.95, full.requestsPerS * prefill);
  const meanWait = (busy * prefill) / (2 * (1 - busy));
  // P(wait > t) ≈ u e^(−t u / W): none below the busy share, the mean wait's scale above it.
  const wait = (p: Percentile) => (busy > 0 && 1 - p / 100 < busy ? (meanWait / busy) * Math.log(busy / (1 - p / 100)) : 0);
  const slotWait = Math.max(0, users - c) / full.requestsPerS;
  const ttft = (p: Percentile) => slotWait + r.firstTokenFixedS + prefill + full.decodeStepS / 2 + wait(p);
  const chunkStep = full.decodeStepS + full.prefillCostS / chunks;
  const chunkShare = Math.min(1, full.requestsPerS * chunks * full.tpotS);
  const itl = (p: Percentile) => (p / 100 > 1 - chunkShare ? chunkStep : decodeStepS(r.step, c, context));
  const tokens = Math.max(0, r.outputTokens - 1);
  return {
    utilisation: users / c,
    meanBatch: c,
    requestsPerS: full.requestsPerS,
    ms: { ttft: ms(ttft), tpot: ms(() => full.tpotS), itl: ms(itl), e2e: ms((p) => ttft(p) + tokens * full.tpotS) },
  };
}
