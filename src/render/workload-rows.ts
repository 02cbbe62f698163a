import type { ApiComparison, Candidate, Scope } from "../core/planner/results.js";
import { money } from "./format.js";
import { paragraph, renderTable } from "./table.js";

/** "eagle", "draft:qwen3-0.6b": the speculative method as the flag takes it. */
function methodWords(s: NonNullable<Scope["speculative"]>): string {
  return s.method === "draft" ? `draft:${s.draft_model ?? "?"}` : s.method;
}

/** The constraint rows of the workload features a request asked for: prefix caching, reasoning tokens, speculative decoding. */
export function workloadConstraintRows(scope: Scope): [string, string][] {
  const rows: [string, string][] = [];
  if (scope.prefix_cache_hit_rate !== null) {
    const shared = scope.shared_prefix_tokens !== null ? `; a ${scope.shared_prefix_tokens}-token prefix shared by every request` : "";
    rows.push(["prefix cache", `${(scope.prefix_cache_hit_rate * 100).toFixed(0)}% of prompt tokens served from it${shared}`]);
  }
  if (scope.reasoning_tokens !== null) rows.push(["reasoning tokens", `${scope.reasoning_tokens} hidden per request, generated before the output and not delivered`]);
  const s = scope.speculative;
  if (s) {
    const source = (given: "given" | "default") => (given === "default" ? " (default)" : "");
    rows.push([
      "speculative decoding",
      `${methodWords(s)}: ${s.draft_tokens} drafted per step${source(s.draft_tokens_source)}, acceptance ${s.acceptance}${source(s.acceptance_source)} → ${s.tokens_per_step.toFixed(2)} tokens per step`,
    ]);
  }
  return rows;
}

/** The workload features in a phrase, for a one-line summary ("" when none is asked). */
export function workloadPhrase(scope: Scope): string {
  return workloadConstraintRows(scope)
    .map(([k, v]) => `; ${k}: ${v}`)
    .join("");
}

/** The prefill row's words: the prompt, and the part of it its prefix cache serves. */
export function prefillWords(c: Pick<Candidate, "prefill_ms" | "cached_prompt_tokens">, promptTokens: number): string {
  const cached = c.cached_prompt_tokens !== undefined ? ` (${c.cached_prompt_tokens} of them from the prefix cache)` : "";
  return `${c.prefill_ms.toFixed(1)} ms for ${promptTokens} prompt tokens${cached}`;
}

/**
 * With hidden reasoning tokens: the cost per delivered token (the generated tokens' cost × (output +
 * reasoning) / output), and the time to the first delivered token.
 */
export function reasoningRows(c: Candidate, scope: Scope): { performance: [string, string][]; cost: [string, string][] } {
  const r = scope.reasoning_tokens;
  if (r === null || r <= 0) return { performance: [], cost: [] };
  const ratio = (scope.output_tokens + r) / scope.output_tokens;
  const delivered = c.cost_per_1m_delivered_tok;
  return {
    performance: [["p95 first answer token", c.first_answer_ms === null || c.first_answer_ms === undefined ? "∞ (saturated)" : `${c.first_answer_ms.toFixed(1)} ms (after ${r} reasoning tokens)`]],
    cost: [
      [
        "cost per 1M delivered tokens",
        delivered === null || delivered === undefined
          ? "unknown"
          : `$${delivered.toFixed(4)}: ${ratio.toFixed(2)}× a generated token's (${scope.output_tokens + r} generated per ${scope.output_tokens} delivered)`,
      ],
    ],
  };
}

/** A break-even request rate in words. */
function breakEvenWords(a: ApiComparison, c: Candidate): string {
  if (c.monthly_cost === null) return "unknown (no GPU price)";
  if (a.break_even_request_rate === null) return "never";
  return `${a.break_even_request_rate.toFixed(2)} req/s`;
}

/**
 * The --compare-api table: each hosted price of the candidate's model against the deployment, per million
 * generated tokens and per month at the request rate, the rate above which self-hosting is cheaper, and
 * each price's source and date below.
 */
export function apiComparisonSection(c: Candidate, scope: Scope, columns: number | undefined): string {
  const list = c.api_comparison ?? [];
  if (list.length === 0) return `No hosted API price of ${c.model} in data/api-prices.json: nothing to compare with.`;
  const self = c.cost_per_1m_tok === null ? "unknown" : `$${c.cost_per_1m_tok.toFixed(4)}`;
  const rows = [
    ["this plan", "", self, c.monthly_cost === null ? "unknown" : money(c.monthly_cost), ""],
    ...list.map((a) => [a.provider, `$${a.usd_per_1m_input} / $${a.usd_per_1m_output}`, `$${a.hosted_usd_per_1m_tok.toFixed(4)}`, money(a.hosted_usd_per_month), breakEvenWords(a, c)]),
  ];
  const table = renderTable(rows, {
    head: ["", "in / out $/1M", "per 1M tok", "per month", "cheaper above"],
    align: ["left", "right", "right", "right", "right"],
    columns,
  });
  const note = paragraph(
    `Per month at ${scope.request_rate} req/s; per 1M generated tokens (output${scope.reasoning_tokens ? " and hidden reasoning, billed as output" : ""}), each request's ${scope.prompt_tokens} prompt tokens at the input price, no cached-input discount. ` +
      "'cheaper above': the request rate above which this plan costs less than the API (its monthly cost is flat up to its capacity; 'never': the API costs less even at the plan's capacity).",
    columns,
  );
  const sources = list.map((a) => paragraph(`${a.provider} ${a.provider_model}, checked ${a.date}: ${a.source.split(" (")[0]}`, columns, "  ", "    ")).join("\n");
  return `${table}\n${note}\n\nPrices (a dated snapshot, data/api-prices.json):\n${sources}`;
}
