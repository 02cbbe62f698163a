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
  /**
   * Routed experts: bytes per expert on this GPU, summed over layers, their number, how many one token
   * takes, and the GPUs they are spread over whole (expert parallelism; 1: each GPU holds a slice of every
   * expert, as a tensor split does).
   */
  experts?: { bytesEach: number; total: number; perToken: number; owners: number } | undefined;
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
  /** Speculative decoding, where the configuration runs it (see Speculation); undefined: one token per sequence per step. */
  speculation?: Speculation | undefined;
}

/**
 * Speculative decoding (a draft model, an EAGLE head, or multi-token prediction): each engine step the
 * drafter runs `draftSteps` (k) times over the decoding sequences, one token each, and the target verifies
 * k + 1 tokens per sequence in one pass: its matrix multiplies carry k + 1 tokens per sequence (the weights
 * are still read once), its attention reads each sequence's KV cache once for k + 1 queries. With each
 * drafted token accepted with probability α, a sequence advances (1 − α^(k+1)) / (1 − α) tokens a step
 * on average (`tokensPerStep`). The step functions below count in those tokens: a decode step is the
 * physical step over `tokensPerStep`, so everything built on one token per sequence per step (TPOT, the
 * replica's load, the simulator) holds in expectation; a prompt chunk riding along costs what it adds to
 * the physical step.
 */
interface Speculation {
  /** Tokens the drafter proposes per sequence per step (k). */
  draftSteps: number;
  /** Expected tokens a sequence advances per step: (1 − α^(k+1)) / (1 − α). */
  tokensPerStep: number;
  /** The drafter's step costs (its host work is the target's step's, counted once there). */
  draft: StepCosts;
}

/** The expected tokens a sequence advances per speculative step: k drafted at acceptance α, plus the target's own. */
export function tokensPerStep(draftSteps: number, acceptance: number): number {
  if (acceptance >= 1) return draftSteps + 1;
  return (1 - acceptance ** (draftSteps + 1)) / (1 - acceptance);
}

/** The expected number of distinct experts `tokens` tokens touch, each routed to `perToken` of `total` uniformly. */
export function distinctExperts(total: number, perToken: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return total * (1 - (1 - perToken / total) ** tokens);
}

/** The expected largest of `n` independent standard normal draws, for the GPU counts a replica spans (else √(2 ln n)). */
const NORMAL_MAXIMUM: Readonly<Record<number, number>> = { 2: 0.5642, 4: 1.0294, 8: 1.4236 };

/**
 * The experts the busiest of `owners` GPUs reads in a step of `tokens` tokens, each GPU holding
 * total / owners whole experts, counted as the share of every expert a tensor split would read instead
 * (so one GPU: distinctExperts). Each of a GPU's experts is touched with the same probability, so its
 * count is binomial; the step waits for the largest of the GPUs' counts, taken at its normal
 * approximation and never above the experts a GPU holds. Few tokens touch the GPUs unevenly; a batch
 * that touches every expert, evenly.
 */
export function busiestExperts(total: number, perToken: number, tokens: number, owners: number): number {
  if (owners <= 1) return distinctExperts(total, perToken, tokens);
  if (tokens <= 0) return 0;
  const held = total / owners;
  const touched = 1 - (1 - perToken / total) ** tokens;
  const spread = NORMAL_MAXIMUM[owners] ?? Math.sqrt(2 * Math.log(owners));
  const busiest = Math.min(held, held * touched + spread * Math.sqrt(held * touched * (1 - touched)));
  return busiest * owners;
}

/** Seconds of the step's matrix multiplies: the weights they read (routed experts: those the step's tokens touch), or their arithmetic. */
function linearS(c: StepCosts, tokens: number): number {
  let bytes = c.denseBytes;
  if (c.experts) bytes += c.experts.bytesEach * busiestExperts(c.experts.total, c.experts.perToken, tokens, c.experts.owners);
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
  if (c.speculation && load.decoding > 0) return speculativeStepS(c, c.speculation, load);
  return physicalStepS(c, load, 1);
}

/** Seconds of one step in which each decoding sequence carries `queries` tokens (1, or k + 1 to verify a draft). */
function physicalStepS(c: StepCosts, load: StepLoad, queries: number): number {
  const tokens = load.decoding * queries + load.prefillTokens;
  if (tokens <= 0) return 0;
  // A decoding token attends to its whole context: one pair per KV token it reads.
  const attention = attentionS(c, load.kvTokens + load.prefixTokens, queries * load.kvTokens + load.prefillPairs);
  const gpu = linearS(c, tokens) + attention + c.fixedS + c.joinS + tokens * c.joinPerTokenS;
  return gpu + hostS(c, load.decoding);
}

/**
 * A speculative step in tokens (see Speculation): the drafter's k steps over the decoding sequences and
 * its pass over any prompt chunk (it keeps its own KV cache of the prompt), the target's verification of
 * k + 1 tokens per sequence with the chunk; the decoding part counts over the tokens a step yields, the
 * chunk's in full.
 */
function speculativeStepS(c: StepCosts, s: Speculation, load: StepLoad): number {
  const physical = (l: StepLoad) =>
    physicalStepS(c, l, s.draftSteps + 1) +
    s.draftSteps * physicalStepS(s.draft, { ...l, prefillTokens: 0, prefillPairs: 0, prefixTokens: 0 }, 1) +
    physicalStepS(s.draft, { ...l, decoding: 0, kvTokens: 0 }, 1);
  const decodeOnly = physical({ ...load, prefillTokens: 0, prefillPairs: 0, prefixTokens: 0 });
  const withChunk = load.prefillTokens > 0 ? physical(load) : decodeOnly;
  return decodeOnly / s.tokensPerStep + (withChunk - decodeOnly);
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
  return promptPrefillS(c, { promptTokens, cachedTokens: 0, chunkTokens, sequences, contextTokens });
}

/** A prompt prefilled alongside a decode batch, the first `cachedTokens` of it served from the prefix cache. */
export interface PromptLoad {
  promptTokens: number;
  /** Prompt tokens whose KV the prefix cache already holds: read by the attention of the rest, never computed. */
  cachedTokens: number;
  chunkTokens: number;
  /** Sequences decoding beside it, and their mean context. */
  sequences: number;
  contextTokens: number;
}

/**
 * Seconds a prompt adds (see prefillS) when its first `cachedTokens` come from the prefix cache: only the
 * rest is computed, chunk by chunk from where the cache ends, each chunk's attention reading the cached
 * tokens' KV like an earlier chunk's (vLLM's automatic prefix caching, SGLang's RadixAttention, TensorRT-LLM's
 * KV cache reuse, llama.cpp's slot prompt cache: a hit skips the tokens' computation, not their KV).
 */
export function promptPrefillS(c: StepCosts, p: PromptLoad): number {
  const { promptTokens, sequences, contextTokens } = p;
  const cached = Math.max(0, Math.min(p.cachedTokens, promptTokens - 1));
  if (promptTokens <= 0) return 0;
  const chunk = Math.max(1, Math.min(p.chunkTokens, promptTokens - cached));
  const decode = decodeStepS(c, sequences, contextTokens);
  const kvTokens = sequences * contextTokens;
  const chunkAt = (done: number, n: number) => {
    const load = { decoding: sequences, kvTokens, prefillTokens: n, prefillPairs: n * done + (n * (n + 1)) / 2, prefixTokens: done };
    return stepTime(c, load) - decode;
  };
  const full = Math.floor((promptTokens - cached) / chunk);
  // Without speculation the full chunks' steps differ only in their attention, two straight lines in the
  // tokens before the chunk: they sum in closed form (a speculative step's drafter is summed chunk by chunk).
  let total = 0;
  if (c.speculation) for (let i = 0; i < full; i++) total += chunkAt(cached + i * chunk, chunk);
  else total = fullChunksS(c, { sequences, kvTokens, cached, chunk, count: full }) - full * decode;
  const rest = promptTokens - cached - full * chunk;
  if (rest > 0) total += chunkAt(cached + full * chunk, rest);
  return total;
}

/**
 * Seconds of `count` steps each carrying a full chunk of `chunk` prompt tokens beside `sequences` decoding
 * ones, the i-th after `cached + i·chunk` tokens of its prompt. Such a step is a constant (its matrix
 * multiplies, fixed time, joins, host work) plus attention, the slower of its KV read and its arithmetic:
 * each grows by the same amount per chunk, so the sum is that of the higher of two lines (see lineSumS).
 */
function fullChunksS(c: StepCosts, f: { sequences: number; kvTokens: number; cached: number; chunk: number; count: number }): number {
  if (f.count <= 0) return 0;
  const { sequences, kvTokens, cached, chunk } = f;
  const tokens = sequences + chunk;
  const constant = linearS(c, tokens) + c.fixedS + c.joinS + tokens * c.joinPerTokenS + hostS(c, sequences);
  // KV read: every sequence's context and the prompt's tokens so far; arithmetic: each decoding token's pairs and the chunk's.
  const kvS = c.kvBytesPerToken / c.kvBytesPerS;
  const pairS = c.linearFlopsPerS > 0 ? c.attentionFlopsPerPair / c.attentionFlopsPerS : 0;
  const memory0 = constant + (kvTokens + cached) * kvS;
  const compute0 = c.linearFlopsPerS > 0 ? constant + (kvTokens + chunk * cached + (chunk * (chunk + 1)) / 2) * pairS : memory0;
  const line = { memory0, memoryPerStep: chunk * kvS, compute0, computePerStep: c.linearFlopsPerS > 0 ? chunk * chunk * pairS : chunk * kvS };
  return lineSumS(line, f.count);
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
  if (c.speculation) return speculativeLine(c, c.speculation, d, kvTokens);
  const kvS = c.kvBytesPerToken / c.kvBytesPerS;
  const attention = c.linearFlopsPerS > 0 ? c.attentionFlopsPerPair / c.attentionFlopsPerS : 0;
  const constant = linearS(c, d) + c.fixedS + c.joinS + d * c.joinPerTokenS + hostS(c, d);
  return { memory0: constant + kvTokens * kvS, memoryPerStep: d * kvS, compute0: constant + kvTokens * attention, computePerStep: d * attention };
}

/**
 * The decode line of a speculative step, in tokens: every attention term (the target's k + 1 queries, the
 * drafter's one, k times) is its memory or its arithmetic, both proportional to the KV tokens read, so the
 * step is one straight line in them; each step adds a token per sequence to it.
 */
function speculativeLine(c: StepCosts, s: Speculation, d: number, kvTokens: number): DecodeLine {
  const q = s.draftSteps + 1;
  const perKv = (x: StepCosts, queries: number) => Math.max(x.kvBytesPerToken / x.kvBytesPerS, x.linearFlopsPerS > 0 ? (queries * x.attentionFlopsPerPair) / x.attentionFlopsPerS : 0);
  const fixed = (x: StepCosts, tokens: number) => linearS(x, tokens) + x.fixedS + x.joinS + tokens * x.joinPerTokenS;
  const constant = (fixed(c, d * q) + hostS(c, d) + s.draftSteps * (fixed(s.draft, d) + hostS(s.draft, d))) / s.tokensPerStep;
  const slope = (perKv(c, q) + s.draftSteps * perKv(s.draft, 1)) / s.tokensPerStep;
  const at0 = constant + kvTokens * slope;
  return { memory0: at0, memoryPerStep: d * slope, compute0: at0, computePerStep: d * slope };
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
  // The leading line up to the cut, the other after it (no pair of them built: the simulator sums often).
  if (a > c || (a === c && b >= e)) return arithmetic(a, b, 0, cut) + arithmetic(c, e, cut, steps);
  return arithmetic(c, e, 0, cut) + arithmetic(a, b, cut, steps);
}
