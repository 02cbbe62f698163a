import type { LatencyMetric, Percentile, Quantiles } from "./queue.js";
import { sequencesHeld } from "./replica-memory.js";
import { decodeStepS, promptPrefillS, type StepCosts } from "./step.js";

/** What one replica serves, and how its backend schedules it: what the analytic model and the simulator share. */
export interface Replica {
  step: StepCosts;
  /** Prompt tokens of a request, and the tokens it generates (its output and any hidden reasoning tokens). */
  promptTokens: number;
  outputTokens: number;
  /** Prompt tokens per request the prefix cache serves: read as KV, never computed (0: none). */
  cachedPromptTokens: number;
  /** Tokens of a prefix every request shares, whose KV a paged cache holds once for all its sequences (0: none). */
  sharedPrefixTokens: number;
  /** Prompt tokens a step may carry (chunked prefill's budget). */
  chunkTokens: number;
  /** Seconds before a prompt's first step (scheduling, tokenising): the fixed part of a time to first token. */
  firstTokenFixedS: number;
  /** The most sequences the backend runs at once. */
  maxSequences: number;
  /** Tokens of KV cache the replica holds. */
  kvCapacityTokens: number;
  /**
   * How the KV cache is given out: "paged" by the tokens a sequence holds (vLLM, SGLang, TGI, TensorRT-LLM),
   * or "reserved": each running sequence holds a whole context (llama.cpp's and Ollama's slots).
   */
  kvAllocation: "paged" | "reserved";
  /** The context each sequence is served with (what a reserved slot holds). */
  contextLength: number;
}

/** The mean context of a decoding sequence: its prompt and half its output. */
export function meanContext(r: Pick<Replica, "promptTokens" | "outputTokens">): number {
  return r.promptTokens + r.outputTokens / 2;
}

/**
 * The most sequences the replica can run at once: its backend's cap, and what its KV cache holds (a
 * paged cache by the tokens a sequence holds on average, a reserved one by whole contexts). At least 1.
 */
export function concurrencyLimit(r: Replica): number {
  // A paged cache holds a shared prefix's blocks once, beside each sequence's own tokens; a reserved slot holds a whole context.
  const held =
    r.kvAllocation === "reserved"
      ? sequencesHeld({ capacityTokens: r.kvCapacityTokens, perSequenceTokens: r.contextLength, sharedTokens: 0 })
      : sequencesHeld({ capacityTokens: r.kvCapacityTokens, perSequenceTokens: meanContext(r) + 1, sharedTokens: Math.min(r.sharedPrefixTokens, r.promptTokens) });
  return Math.max(1, Math.min(r.maxSequences, Math.floor(held)));
}

/** Seconds a request's prompt adds beside `sequences` decoding at `contextTokens` (none: alone), its cached part read, not computed. */
export function replicaPrefillS(r: Replica, sequences = 0, contextTokens = 0): number {
  return promptPrefillS(r.step, { promptTokens: r.promptTokens, cachedTokens: r.cachedPromptTokens, chunkTokens: r.chunkTokens, sequences, contextTokens });
}

/** The prompt chunks a request's uncached prompt takes (at least one: the step that samples its first token). */
export function promptChunks(r: Replica): number {
  return Math.max(1, Math.ceil((r.promptTokens - Math.min(r.cachedPromptTokens, r.promptTokens)) / Math.max(1, r.chunkTokens)));
}

/** A replica with `concurrency` sequences in flight all the time (a closed loop of that many users). */
export interface Saturation {
  /** Requests per second it completes. */
  requestsPerS: number;
  /** Seconds between a sequence's tokens: decode steps, lengthened by the prompt chunks that ride along. */
  tpotS: number;
  /** A decode step alone at this concurrency. */
  decodeStepS: number;
  /** Seconds one request's prompt adds to the steps it rides in. */
  prefillCostS: number;
}

/**
 * The share of a decoding sequence's steps that also carry other requests' prompts, when `promptRate`
 * prompts a second each cost `prefillS` of steps: the prompts of the requests admitted beside it, which
 * with `concurrency` slots are all but its own share (a lone slot decodes alone: the next prompt waits
 * for it to finish). At most 0.99.
 */
function rideAlong(promptRate: number, prefillS: number, concurrency: number): number {
  return Math.min(0.99, promptRate * prefillS * (1 - 1 / concurrency));
}

/**
 * The replica at full load with `concurrency` sequences in flight. Each request's prompt adds its cost to the
 * steps it rides in, and its output tokens take a 1/concurrency share of decode steps: a request costs
 * prefill + output × step / concurrency seconds of the replica's time.
 */
export function saturation(r: Replica, concurrency: number): Saturation {
  const c = Math.max(1, concurrency);
  const context = meanContext(r);
  const step = decodeStepS(r.step, c, context);
  const prefill = replicaPrefillS(r, c - 1, context);
  const perRequest = prefill + (r.outputTokens * step) / c;
  const requestsPerS = 1 / perRequest;
  return { requestsPerS, tpotS: step / (1 - rideAlong(requestsPerS, prefill, c)), decodeStepS: step, prefillCostS: prefill };
}

/** The probability an arrival waits in an M/M/c queue of `servers` with offered load `a` (Erlang C). */
function erlangC(servers: number, a: number): number {
  if (a >= servers) return 1;
  // Far below the servers (six standard deviations of a Poisson load), no arrival waits to any precision that counts.
  if (servers >= 30 && a <= servers - 6 * Math.sqrt(servers)) return 0;
  // Erlang B by its recursion (stable for large c), then C from B.
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  const rho = a / servers;
  return b / (1 - rho + rho * b);
}

/** A replica under load, by the analytic model: each latency at each reported percentile, and what it carries. */
export interface ReplicaLoad {
  /** Offered requests per second over what the replica carries at its concurrency (≥ 1: saturated). */
  utilisation: number;
  /** Sequences running at once, on average. */
  meanBatch: number;
  ms: Record<LatencyMetric, Quantiles>;
}

/**
 * The squared coefficient of variation of a request's residence: the analytic model's requests all have
 * the workload's prompt and output, so their service hardly varies (M/D/c rather than M/M/c).
 */
const SERVICE_CV2 = 0;

/** The standard normal quantiles of the reported percentiles. */
const Z: Readonly<Record<Percentile, number>> = { 50: 0, 90: 1.2816, 95: 1.6449, 99: 2.3263 };


/** Seconds at each percentile made milliseconds. */
function ms(f: (p: Percentile) => number): Quantiles {
  return { p50: f(50) * 1000, p90: f(90) * 1000, p95: f(95) * 1000, p99: f(99) * 1000 };
}

/** Iterations of the batch's fixed point, and how close is close enough (a share of the concurrency). */
const FIXED_POINT_ITERATIONS = 40;
const FIXED_POINT_TOLERANCE = 1e-3;

/** A replica's state under Poisson load: what it carries, and each latency at a percentile, in seconds. */
export interface LoadState {
  utilisation: number;
  meanBatch: number;
  /** Seconds of `metric` at percentile `p` (Infinity when saturated). */
  at(metric: LatencyMetric, p: Percentile): number;
}

/** What loadState works out that a caller asking for many states of one replica may already have. */
export interface KnownLoad {
  /** saturation(r, concurrency). */
  full?: Saturation;
  /** replicaPrefillS(r): a prompt alone on the idle replica. */
  aloneS?: number;
}

/** Every latency unbounded: a replica that cannot keep up. */
const UNBOUNDED = () => Infinity;

/**
 * A replica running at most `concurrency` sequences, offered Poisson arrivals at `rate` per second. The
 * running batch b solves Little's law, b = rate × (time to first token + output × TPOT(b)); a request
 * finding every slot busy waits as in M/D/c (Erlang C's probability, each slot serving one request's
 * residence, for Allen–Cunneen's mean: half M/M/c's, every request being alike). The
 * time to first token is the wait, the fixed first-token time, and the prompt's chunks: alone on an idle
 * replica, riding with the batch (half a step late, as an arrival lands mid-step) on a busy one.
 * Inter-token latency is a decode step, or, for the share of steps that carry a prompt chunk, that step;
 * TPOT and batch size vary as a Poisson count of requests in flight. Saturated (rate ≥ what the
 * concurrency carries): every latency is Infinity.
 */
export function loadState(r: Replica, concurrency: number, rate: number, known: KnownLoad = {}): LoadState {
  const c = Math.max(1, concurrency);
  const full = known.full ?? saturation(r, c);
  const utilisation = rate / full.requestsPerS;
  if (!(utilisation < 1)) return { utilisation, meanBatch: c, at: UNBOUNDED };
  const context = meanContext(r);
  const chunks = promptChunks(r);
  // Little's law for the batch: b = f(b), f rising in b and bounded by c, solved by the secant method on
  // f(b) − b, kept within [0, c] (a step outside it falls back to the midpoint of the last two).
  let prefillAlong = 0;
  let tpot = 0;
  let step = 0;
  const f = (batch: number) => {
    const b = Math.max(1, batch);
    step = decodeStepS(r.step, b, context);
    prefillAlong = replicaPrefillS(r, b, context);
    tpot = step / (1 - rideAlong(rate, prefillAlong, c));
    return Math.min(c, rate * (r.firstTokenFixedS + prefillAlong + chunks * step + r.outputTokens * tpot));
  };
  let x0 = 0;
  let g0 = f(x0) - x0;
  let batch = x0 + g0;
  // Whether the last f() was at `batch` (step, prefillAlong and tpot are then its already).
  let atBatch = false;
  for (let i = 0; i < FIXED_POINT_ITERATIONS; i++) {
    const g1 = f(batch) - batch;
    if (Math.abs(g1) < FIXED_POINT_TOLERANCE * c) {
      atBatch = true;
      break;
    }
    const slope = (g1 - g0) / (batch - x0);
    let next = slope !== 0 && Number.isFinite(slope) ? batch - g1 / slope : batch + g1;
    if (!(next >= 0 && next <= c)) next = (batch + x0) / 2;
    x0 = batch;
    g0 = g1;
    batch = next;
  }
  if (!atBatch) f(batch);
  const b = Math.max(1, batch);
  // A prompt arriving at an idle replica runs alone; the more often others are running, the more it rides with them.
  const busy = Math.min(1, batch);
  const alone = known.aloneS ?? replicaPrefillS(r);
  const prefillAtLoad = r.firstTokenFixedS + (1 - busy) * alone + busy * (prefillAlong + chunks * step + step / 2);
  const residence = prefillAtLoad + r.outputTokens * tpot;
  // A request waits with Erlang C's probability, then for a time taken as exponential with M/G/c's mean
  // (Allen–Cunneen: M/M/c's times (1 + cv²)/2). While requests wait every slot is busy, so the queue drains
  // at what the full replica completes less what arrives (not at the mean batch's pace).
  const waiting = erlangC(c, rate * residence);
  const drain = full.requestsPerS - rate;
  const meanWait = ((1 + SERVICE_CV2) / 2) / drain;
  const wait = (p: Percentile) => (drain > 0 ? Math.max(0, Math.log(waiting / (1 - p / 100)) * meanWait) : Infinity);
  // The batch a request sees is a Poisson count of requests in flight, at most c.
  const batchAt = (p: Percentile) => Math.max(1, Math.min(c, b + Z[p] * Math.sqrt(b)));
  // TPOT at a percentile, worked out once: the e2e latency asks for it too.
  const tpots: Partial<Record<Percentile, number>> = {};
  const tpotOf = (batch: number) => decodeStepS(r.step, batch, context) / (1 - rideAlong(rate, replicaPrefillS(r, batch, context), c));
  const tpotAt = (p: Percentile) => (tpots[p] ??= tpotOf(batchAt(p)));
  // Steps that carry a prompt chunk: the chunks arriving per second over the steps per second.
  const chunkShare = Math.min(1, rate * chunks * tpot);
  const chunkStep = step + prefillAlong / chunks;
  const itlAt = (p: Percentile) => (p / 100 > 1 - chunkShare ? chunkStep : decodeStepS(r.step, batchAt(p), context));
  const ttft = (p: Percentile) => wait(p) + prefillAtLoad;
  return {
    utilisation,
    meanBatch: b,
    at(metric, p) {
      switch (metric) {
        case "ttft":
          return ttft(p);
        case "tpot":
          return tpotAt(p);
        case "itl":
          return itlAt(p);
        case "e2e":
          return ttft(p) + Math.max(0, r.outputTokens - 1) * tpotAt(p);
      }
    },
  };
}

/** A replica under Poisson load (loadState) with every latency at every reported percentile. */
export function replicaUnderLoad(r: Replica, concurrency: number, rate: number): ReplicaLoad {
  const s = loadState(r, concurrency, rate);
  const all = (metric: LatencyMetric) => ms((p) => s.at(metric, p));
  return { utilisation: s.utilisation, meanBatch: s.meanBatch, ms: { ttft: all("ttft"), tpot: all("tpot"), itl: all("itl"), e2e: all("e2e") } };
}
