/**
 * One engine step, as a continuous-batching engine runs it: every decoding sequence advances one token,
 * and a chunk of some prompt's tokens (chunked prefill) may ride along. The step's matrix multiplies read
 * the weights once for all of them (for a mixture of experts, the experts its tokens touch) and do their
 * arithmetic; its attention reads each sequence's KV cache and does its arithmetic; each takes the slower
 * of its memory and its compute, one after the other, plus what does not overlap: the per-layer kernel
 * launches, the backend's per-step and per-sequence host work, and the joins between the GPUs of a replica.
 */

/** What a step holds. */
export interface StepLoad {
  /** Sequences decoding one token each. */
  decoding: number;
  /** Tokens of KV cache those sequences read: the sum of their contexts. */
  kvTokens: number;
  /** Prompt tokens computed in this step (a chunk of one or several prompts). */
  prefillTokens: number;
  /** (query, key) pairs of the prompt chunk's attention: each chunk token against every earlier token of its prompt. */
  prefillPairs: number;
  /** KV tokens the chunk's attention reads of its prompt's earlier chunks. */
  prefixTokens: number;
}

/** A configuration's step costs, per GPU of one replica, worked out once (see stepCosts). */
export interface StepCosts {
  /** Bytes of weights every step reads whatever it holds (all but routed experts). */
  denseBytes: number;
  /** Routed experts: bytes per expert, summed over layers, their number, and how many one token takes. */
  experts?: { bytesEach: number; total: number; perToken: number } | undefined;
  /** KV cache bytes per token of context (this GPU's share). */
  kvBytesPerToken: number;
  /** Bytes per second at which weights are read, and at which the KV cache is read. */
  weightBytesPerS: number;
  kvBytesPerS: number;
  /** Arithmetic per token through the linear layers (this GPU's share), FLOPs, and the rate they run at, FLOP/s. */
  flopsPerToken: number;
  linearFlopsPerS: number;
  /** Attention arithmetic per (query, key) pair (this GPU's share), FLOPs, and its rate, FLOP/s; 0 rate: unknown compute. */
  attentionFlopsPerPair: number;
  attentionFlopsPerS: number;
  /** Seconds of GPU time every step spends beyond memory and compute: per-layer launches, MoE routing. */
  fixedS: number;
  /** The engine's host work per step (scheduling, input preparation), and per decoding sequence (sampling, detokenising). */
  hostS: number;
  perSequenceS: number;
  /** Joining the GPUs of a replica: seconds per step, and seconds per token the step carries. */
  joinS: number;
  joinPerTokenS: number;
}

/** The expected number of distinct experts `tokens` tokens touch, each routed to `perToken` of `total` uniformly. */
export function distinctExperts(total: number, perToken: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return total * (1 - (1 - perToken / total) ** tokens);
}

/** Seconds of the step's matrix multiplies: the weights they read (routed experts: those the step's tokens touch), or their arithmetic. */
function linearS(c: StepCosts, tokens: number): number {
  let bytes = c.denseBytes;
  if (c.experts) bytes += c.experts.bytesEach * distinctExperts(c.experts.total, c.experts.perToken, tokens);
  const memory = bytes / c.weightBytesPerS;
  return c.linearFlopsPerS > 0 ? Math.max(memory, (tokens * c.flopsPerToken) / c.linearFlopsPerS) : memory;
}

/** Seconds of the step's attention: the KV cache it reads, or its arithmetic over (query, key) pairs. */
function attentionS(c: StepCosts, kvTokens: number, pairs: number): number {
  const memory = (kvTokens * c.kvBytesPerToken) / c.kvBytesPerS;
  return c.linearFlopsPerS > 0 ? Math.max(memory, (pairs * c.attentionFlopsPerPair) / c.attentionFlopsPerS) : memory;
}

/** The engine's host seconds for a step of `decoding` sequences. */
function hostS(c: StepCosts, decoding: number): number {
  return c.hostS + decoding * c.perSequenceS;
}

/**
 * Seconds one step takes. The matrix multiplies and attention are separate kernels, each bound by its
 * memory or its arithmetic, one after the other; then the GPU's fixed time, the joins, and the engine's
 * host work for the step (the measurements it is fitted on show it adding to the GPU's, not hidden by it).
 */
export function stepTime(c: StepCosts, load: StepLoad): number {
  const tokens = load.decoding + load.prefillTokens;
  if (tokens <= 0) return 0;
  // A decoding token attends to its whole context: one pair per KV token it reads.
  const attention = attentionS(c, load.kvTokens + load.prefixTokens, load.kvTokens + load.prefillPairs);
  const gpu = linearS(c, tokens) + attention + c.fixedS + c.joinS + tokens * c.joinPerTokenS;
  return gpu + hostS(c, load.decoding);
}

/** Seconds of a decode step of `sequences` sequences whose contexts average `contextTokens`. */
export function decodeStepS(c: StepCosts, sequences: number, contextTokens: number): number {
  return stepTime(c, { decoding: sequences, kvTokens: sequences * contextTokens, prefillTokens: 0, prefillPairs: 0, prefixTokens: 0 });
}

/**
 * Seconds a prompt of `promptTokens` adds, prefilled in chunks of at most `chunkTokens` alongside a decode
 * batch of `sequences` at `contextTokens` (0 sequences: a prompt on a free replica). Each chunk's step is
 * timed with and without the chunk; their difference is what the prompt costs the batch.
 */
export function prefillS(c: StepCosts, promptTokens: number, chunkTokens: number, sequences = 0, contextTokens = 0): number {
  if (promptTokens <= 0) return 0;
  const chunk = Math.max(1, Math.min(chunkTokens, promptTokens));
  const decode = decodeStepS(c, sequences, contextTokens);
  const kvTokens = sequences * contextTokens;
  let total = 0;
  for (let done = 0; done < promptTokens; done += chunk) {
    const n = Math.min(chunk, promptTokens - done);
    const load = { decoding: sequences, kvTokens, prefillTokens: n, prefillPairs: n * done + (n * (n + 1)) / 2, prefixTokens: done };
    total += stepTime(c, load) - decode;
  }
  return total;
}

/**
 * A pure decode step of `decoding` sequences holding `kvTokens`, as two straight lines in the steps
 * taken (each step adds one token per sequence to the KV cache): attention's memory and its arithmetic,
 * each with the step's constant time (matrix multiplies, fixed GPU time, joins, host work). The step
 * takes the higher line at each step, so a stretch of steps with no prompt and no arrival sums in
 * closed form.
 */
export interface DecodeLine {
  /** The memory line's value at step 0 and its slope per step, seconds; then the arithmetic line's. */
  memory0: number;
  memoryPerStep: number;
  compute0: number;
  computePerStep: number;
}

/** The decode step's lines (see DecodeLine). */
export function decodeLine(c: StepCosts, decoding: number, kvTokens: number): DecodeLine {
  const d = Math.max(1, decoding);
  const kvS = c.kvBytesPerToken / c.kvBytesPerS;
  const attention = c.linearFlopsPerS > 0 ? c.attentionFlopsPerPair / c.attentionFlopsPerS : 0;
  const constant = linearS(c, d) + c.fixedS + c.joinS + d * c.joinPerTokenS + hostS(c, d);
  return { memory0: constant + kvTokens * kvS, memoryPerStep: d * kvS, compute0: constant + kvTokens * attention, computePerStep: d * attention };
}

/** Seconds of step `i` (from 0) of a decode stretch. */
export function lineStepS(l: DecodeLine, i: number): number {
  return Math.max(l.memory0 + i * l.memoryPerStep, l.compute0 + i * l.computePerStep);
}

/** Σ_{i=lo}^{hi-1} (a + b·i). */
const arithmetic = (a: number, b: number, lo: number, hi: number) => (hi <= lo ? 0 : (hi - lo) * a + (b * (hi * (hi - 1) - lo * (lo - 1))) / 2);

/** Seconds of the first `steps` steps of a decode stretch: the higher of two lines, summed on each side of the step where the lead changes (at most one). */
export function lineSumS(l: DecodeLine, steps: number): number {
  if (steps <= 0) return 0;
  const { memory0: a, memoryPerStep: b, compute0: c, computePerStep: e } = l;
  // Memory leads at step i when (a − c) + (b − e)·i ≥ 0: a line, so the lead changes at most once.
  let cut = steps;
  if (b !== e) {
    const x = Math.ceil((c - a) / (b - e));
    if (x > 0 && x < steps) cut = x;
  }
  const memoryFirst = a > c || (a === c && b >= e);
  const [lead, leadSlope, then, thenSlope] = memoryFirst ? [a, b, c, e] : [c, e, a, b];
  return arithmetic(lead, leadSlope, 0, cut) + arithmetic(then, thenSlope, cut, steps);
}
