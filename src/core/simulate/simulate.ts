import { PERCENTILES, type Quantiles } from "../laws/queue.js";
import type { Replica } from "../laws/replica.js";
import { decodeLine, lineStepS, lineSumS, stepTime, type StepLoad } from "../laws/step.js";
import { arrivals, type Arrival } from "./arrivals.js";
import { Histogram } from "./histogram.js";

/** How requests arrive at the replica. */
export type ArrivalProcess =
  /** Poisson at `rate` per second. */
  | { kind: "poisson"; rate: number }
  /** Gamma-distributed gaps with coefficient of variation `cv` (1 is Poisson; above 1, bursty) at `rate`. */
  | { kind: "gamma"; rate: number; cv: number }
  /** `users` clients, each sending its next request when its last completes (vllm bench --max-concurrency). */
  | { kind: "closed"; users: number }
  /** `size` requests at once (an offline batch). */
  | { kind: "burst"; size: number }
  /** Requests at given times with their own lengths. */
  | { kind: "trace"; requests: readonly { arrivalS: number; promptTokens: number; outputTokens: number }[] };

/** What a simulation is asked. */
export interface SimulationRequest {
  replica: Replica;
  arrival: ArrivalProcess;
  /** Requests to run (a trace runs its own). */
  requests: number;
  seed: number;
  /** SLOs a request must meet to count toward goodput, milliseconds (undefined: no such limit). */
  slo?: { ttftMs?: number | undefined; tpotMs?: number | undefined; e2eMs?: number | undefined } | undefined;
}

/** What the replica did. */
export interface SimulationResult {
  requests: number;
  /** Output tokens per second over the run. */
  throughputTps: number;
  /** Completed requests per second over the run. */
  requestsPerS: number;
  ttftMs: Quantiles;
  tpotMs: Quantiles;
  itlMs: Quantiles;
  e2eMs: Quantiles;
  /** Share of requests that met every SLO given. */
  goodput: number;
  /** Sequences running per step, on average over time. */
  meanBatch: number;
  /** Requests evicted when the KV cache ran out (and recomputed). */
  preemptions: number;
  /** Whether the queue grew without end (the run stopped early or the last requests waited far longer than the first). */
  saturated: boolean;
}

/** A request on its way through the replica. */
interface Sequence {
  arrival: Arrival;
  /** Prompt tokens to compute before the next token: the prompt, or after a preemption the prompt and what was generated. */
  prompt: number;
  prefilled: number;
  generated: number;
  firstTokenS: number;
  /** KV tokens it holds (paged), or its slot's context (reserved). */
  kvHeld: number;
  admittedOrder: number;
}

/** Nearest-rank percentiles of a sample, in milliseconds (sorts the sample in place: the run is over). */
function quantiles(values: Float64Array, count: number): Quantiles {
  const sorted = values.subarray(0, count).sort();
  const at = (p: number) => (count === 0 ? NaN : sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))]! * 1000);
  return Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, at(p)])) as Quantiles;
}

/** A guard on runaway runs: far more steps than any plan's simulation needs. */
const MAX_ITERATIONS = 5_000_000;

/**
 * A discrete-event simulation of one replica, step by step as a continuous-batching engine runs: requests
 * arrive, wait, and are admitted first come first served while the backend's sequence cap and the KV cache
 * allow; each step decodes one token of every running sequence and carries prompt chunks up to the
 * prefill budget; a paged KV cache that runs out evicts the latest admitted sequence, which is recomputed
 * later; a reserved one admits only as many sequences as it has whole contexts for. Stretches of steps in
 * which nothing arrives, finishes or prefills are summed in closed form. Deterministic for a seed.
 */
export function simulateReplica(input: SimulationRequest): SimulationResult {
  const r = input.replica;
  const source = arrivals(input.arrival, input.requests, input.seed, r);
  const total = source.total;
  const ttft = new Float64Array(total);
  const tpot = new Float64Array(total);
  const e2e = new Float64Array(total);
  let tpotCount = 0;
  const itl = new Histogram();
  const slo = input.slo ?? {};
  const reserved = r.kvAllocation === "reserved";
  const slotTokens = reserved ? r.contextLength : 0;
  const slots = reserved ? Math.max(0, Math.min(r.maxSequences, Math.floor(r.kvCapacityTokens / r.contextLength))) : r.maxSequences;
  // Prefix caching: a request's cached share of its prompt is read, not computed; a paged cache holds the
  // prefix every request shares once (its blocks referenced by each sequence), so a sequence needs only its own tokens.
  const cachedShare = r.promptTokens > 0 ? Math.min(r.cachedPromptTokens, r.promptTokens) / r.promptTokens : 0;
  const cachedOf = (prompt: number) => Math.max(0, Math.min(prompt - 1, Math.round(prompt * cachedShare)));
  const shared = reserved ? 0 : Math.min(r.sharedPrefixTokens, r.promptTokens);
  const sharedOf = (prompt: number) => Math.min(shared, prompt);
  // The queue is waiting[waitingHead..]: admitting its head moves the index rather than shifting the array.
  const waiting: Sequence[] = [];
  let waitingHead = 0;
  const running: Sequence[] = [];
  // A step's load and its prompt chunks (sequence and tokens), and the sequences it finishes: reused by every step.
  const load: StepLoad = { decoding: 0, kvTokens: 0, prefillTokens: 0, prefillPairs: 0, prefixTokens: 0 };
  const chunkSequences: Sequence[] = [];
  const chunkSizes: number[] = [];
  const finished: Sequence[] = [];
  // The shared prefix's blocks stay cached whatever runs.
  let kvUsed = shared;
  let time = 0;
  let done = 0;
  let good = 0;
  let preemptions = 0;
  let order = 0;
  let batchTime = 0;
  let outputTokens = 0;
  let iterations = 0;
  let saturated = false;
  const need = (s: Sequence) => (reserved ? slotTokens : s.prompt + 1 - sharedOf(s.arrival.promptTokens));
  const fits = (s: Sequence) => (reserved ? running.length < slots : kvUsed + need(s) <= r.kvCapacityTokens);
  // A paged cache that overflows evicts the latest admitted sequences; each is recomputed later.
  const evict = () => {
    while (!reserved && kvUsed > r.kvCapacityTokens && running.length > 1) {
      let latest = 0;
      for (let i = 1; i < running.length; i++) if (running[i]!.admittedOrder > running[latest]!.admittedOrder) latest = i;
      const s = running.splice(latest, 1)[0]!;
      kvUsed -= s.kvHeld;
      s.kvHeld = 0;
      s.prompt = s.arrival.promptTokens + s.generated;
      // Its prompt's prefix is still cached: the recomputation starts where the cache ends.
      s.prefilled = cachedOf(s.arrival.promptTokens);
      if (waitingHead > 0) waiting[--waitingHead] = s;
      else waiting.unshift(s);
      preemptions++;
    }
  };

  const finish = (s: Sequence, at: number) => {
    const i = done++;
    const first = s.firstTokenS - s.arrival.atS;
    ttft[i] = first;
    e2e[i] = at - s.arrival.atS;
    const out = s.arrival.outputTokens;
    if (out > 1) tpot[tpotCount++] = (at - s.firstTokenS) / (out - 1);
    const meets =
      (slo.ttftMs === undefined || first * 1000 <= slo.ttftMs) &&
      (slo.e2eMs === undefined || e2e[i]! * 1000 <= slo.e2eMs) &&
      (slo.tpotMs === undefined || out <= 1 || ((at - s.firstTokenS) / (out - 1)) * 1000 <= slo.tpotMs);
    if (meets) good++;
    kvUsed -= s.kvHeld;
    source.completed(at);
  };

  while (done < total) {
    if (++iterations > MAX_ITERATIONS) {
      saturated = true;
      break;
    }
    for (let a = source.next(time); a; a = source.next(time)) {
      waiting.push({ arrival: a, prompt: a.promptTokens, prefilled: cachedOf(a.promptTokens), generated: 0, firstTokenS: NaN, kvHeld: 0, admittedOrder: 0 });
    }
    // Admit first come, first served while the cap and the cache allow.
    while (waitingHead < waiting.length && running.length < r.maxSequences && fits(waiting[waitingHead]!)) {
      const s = waiting[waitingHead++]!;
      s.kvHeld = need(s);
      kvUsed += s.kvHeld;
      s.admittedOrder = order++;
      running.push(s);
    }
    if (running.length === 0) {
      const next = source.nextTime();
      if (next === undefined) {
        // Nothing runs, nothing will arrive, and the head of the queue can never fit: it never runs.
        saturated = true;
        break;
      }
      time = Math.max(time, next);
      continue;
    }
    let decoding = 0;
    let kvTokens = 0;
    let prefilling = false;
    for (let i = 0; i < running.length; i++) {
      const s = running[i]!;
      if (s.prefilled >= s.prompt) {
        decoding++;
        kvTokens += s.prompt + s.generated;
      } else prefilling = true;
    }
    if (!prefilling) {
      // A stretch of pure decode steps, up to the next finish, arrival that could be admitted, or full cache.
      let steps = Infinity;
      for (let i = 0; i < running.length; i++) steps = Math.min(steps, running[i]!.arrival.outputTokens - running[i]!.generated);
      if (!reserved) steps = Math.min(steps, Math.max(1, Math.floor((r.kvCapacityTokens - kvUsed) / decoding)));
      const line = decodeLine(r.step, decoding, kvTokens);
      const next = source.nextTime();
      // With requests waiting, none fits until one finishes; with none, the next arrival may be admitted.
      const admissible = waitingHead === waiting.length && running.length < r.maxSequences;
      if (next !== undefined && admissible && steps > 1) {
        // The fewest steps that reach the next arrival, by bisection on the closed-form sum.
        const gap = next - time;
        let low = 1;
        let high = steps;
        while (low < high) {
          const mid = (low + high) >> 1;
          if (lineSumS(line, mid) >= gap) high = mid;
          else low = mid + 1;
        }
        steps = low;
      }
      const elapsed = lineSumS(line, steps);
      itl.add(lineStepS(line, 0), (decoding * steps) / 2);
      itl.add(lineStepS(line, steps - 1), (decoding * steps) / 2);
      time += elapsed;
      batchTime += decoding * elapsed;
      outputTokens += decoding * steps;
      for (let i = running.length - 1; i >= 0; i--) {
        const s = running[i]!;
        s.generated += steps;
        if (!reserved) {
          s.kvHeld += steps;
          kvUsed += steps;
        }
        if (s.generated >= s.arrival.outputTokens) {
          running.splice(i, 1);
          finish(s, time);
        }
      }
      evict();
      continue;
    }
    // A step carrying prompt chunks: the budget is the prefill budget less the decode tokens (at least one chunk token).
    let budget = Math.max(1, r.chunkTokens - decoding);
    let prefillTokens = 0;
    let prefillPairs = 0;
    let prefixTokens = 0;
    let chunks = 0;
    for (let i = 0; i < running.length; i++) {
      const s = running[i]!;
      if (budget <= 0) break;
      if (s.prefilled >= s.prompt) continue;
      const n = Math.min(budget, s.prompt - s.prefilled);
      chunkSequences[chunks] = s;
      chunkSizes[chunks] = n;
      chunks++;
      prefillTokens += n;
      prefillPairs += n * s.prefilled + (n * (n + 1)) / 2;
      prefixTokens += s.prefilled;
      budget -= n;
    }
    load.decoding = decoding;
    load.kvTokens = kvTokens;
    load.prefillTokens = prefillTokens;
    load.prefillPairs = prefillPairs;
    load.prefixTokens = prefixTokens;
    const dt = stepTime(r.step, load);
    time += dt;
    batchTime += (decoding + chunks) * dt;
    if (decoding > 0) itl.add(dt, decoding);
    outputTokens += decoding;
    // Decoding sequences gain a token (paged caches grow by it); chunks advance their prompts.
    finished.length = 0;
    for (let i = 0; i < running.length; i++) {
      const s = running[i]!;
      if (s.prefilled >= s.prompt) {
        s.generated++;
        if (!reserved) {
          s.kvHeld++;
          kvUsed++;
        }
        if (s.generated >= s.arrival.outputTokens) finished.push(s);
      }
    }
    for (let c = 0; c < chunks; c++) {
      const s = chunkSequences[c]!;
      s.prefilled += chunkSizes[c]!;
      if (s.prefilled >= s.prompt && Number.isNaN(s.firstTokenS)) {
        // The step that completes the prompt also samples the first token.
        s.firstTokenS = time + (s.generated === 0 ? r.firstTokenFixedS : 0);
        s.generated = Math.max(s.generated, 1);
        outputTokens++;
        if (s.generated >= s.arrival.outputTokens) finished.push(s);
      }
    }
    for (let i = 0; i < finished.length; i++) {
      const s = finished[i]!;
      running.splice(running.indexOf(s), 1);
      finish(s, time);
    }
    evict();
  }
  const measured = Math.max(1, done);
  const span = time > 0 ? time : 1;
  // An open queue that kept growing: the last tenth of requests waited far longer than the first tenth.
  if (source.open && done >= 20) {
    const tenth = Math.floor(done / 10);
    let early = 0;
    let late = 0;
    for (let i = 0; i < tenth; i++) {
      early += ttft[i]!;
      late += ttft[done - 1 - i]!;
    }
    if (late > 3 * early + tenth) saturated = true;
  }
  return {
    requests: done,
    throughputTps: outputTokens / span,
    requestsPerS: done / span,
    ttftMs: quantiles(ttft, done),
    tpotMs: quantiles(tpot, tpotCount),
    itlMs: itl.quantiles(),
    e2eMs: quantiles(e2e, done),
    goodput: good / measured,
    meanBatch: batchTime / span,
    preemptions,
    saturated,
  };
}
