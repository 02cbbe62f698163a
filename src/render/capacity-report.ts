import { latencyAt, type LatencyFigures } from "../core/planner/candidate-latency.js";
import type { CapacityResult, GateResult, SimulatedFigures } from "../core/planner/results.js";
import { formatAdmitted, ms, tokenSource } from "./format.js";
import { paintFor, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";
import { BINDING_LABELS, GATE_LABELS } from "./words.js";

/** A rate to 4 significant digits. */
const rps = (x: number) => `${Number(x.toPrecision(4))} req/s`;

/** Each latency SLO's words, the limit asked for, and the figure at the prediction's percentile. */
function sloOf(result: CapacityResult, at: LatencyFigures) {
  const s = result.scope;
  const pct = `p${s.percentile}`;
  return {
    latency: { words: `${pct} latency to the last token`, limit: s.latency_slo_ms, value: at.e2eMs },
    ttft: { words: `${pct} time to first token`, limit: s.ttft_slo_ms, value: at.ttftMs },
    tpot: { words: `${pct} time per output token`, limit: s.tpot_slo_ms, value: at.tpotMs },
  };
}

/** What binds, in a sentence a person reads. */
function bindingSentence(result: CapacityResult, at: LatencyFigures): string {
  const p = result.prediction;
  const rate = rps(result.max_request_rate);
  const full = rps(result.saturation_rps);
  const gate = (name: GateResult["gate"]) => p.gates.find((g) => g.gate === name);
  switch (result.binding) {
    case "latency":
    case "ttft":
    case "tpot": {
      const slo = sloOf(result, at)[result.binding];
      if (result.binding_alone) {
        return `Even one request alone on an idle deployment misses the ${slo.words} SLO (${ms(slo.value)} ms against ${slo.limit} ms): no request rate meets it.`;
      }
      const share = ((result.max_request_rate / result.saturation_rps) * 100).toFixed(0);
      return `The ${slo.words} binds first: it reaches its SLO of ${slo.limit} ms at ${rate}, ${share}% of the ${full} the deployment completes at full load.`;
    }
    case "capacity":
      return `The deployment saturates before any SLO binds: it completes at most ${full}, and its latencies meet every SLO up to ${rate}.`;
    case "kv_cache":
      return `The KV cache binds: it holds ${p.concurrency} sequences per replica${p.kv_capacity_tokens !== undefined ? ` (${p.kv_capacity_tokens} tokens)` : ""}, fewer than the backend would run, and at ${full} the deployment saturates before any SLO binds.`;
    case "memory": {
      // The GPU's memory, not the gate's limit: for a backend that takes a share up front, that limit is what it took, which says little when the weights alone do not fit.
      const needed = gate("vram")?.value;
      const unit = result.scope.memory_unit;
      const gpu = result.scope.hardware[0]!;
      // As plan says it ("20.37 GiB of 80 GB"): the GPU's memory as its data gives it.
      const figures = needed !== undefined ? `: it needs ${needed} ${unit} per GPU, and the ${gpu.name} has ${gpu.memory_gb} GB` : "";
      return `It does not fit in memory${figures}; it carries nothing.`;
    }
    case "context": {
      const context = gate("context");
      return `The context (${context?.value ?? "?"} tokens) is beyond the model's trained window (${context?.limit ?? "?"} tokens), so it carries nothing.`;
    }
  }
}

/** The simulator's check at the rate found, in a cell. */
function simulatedWords(s: SimulatedFigures, percentile: number): string {
  const key = `p${percentile}` as keyof SimulatedFigures["percentiles"]["e2e_ms"];
  const misses = s.misses.length === 0 ? "within the SLOs" : `misses: ${s.misses.map((g) => GATE_LABELS[g]).join(", ")}`;
  return `${s.requests} requests (${s.arrival}, seed ${s.seed}): p${percentile} first token ${ms(s.percentiles.ttft_ms[key])} ms, latency ${ms(s.percentiles.e2e_ms[key])} ms; ${misses}`;
}

/** The human report of `capacity`: the highest rate and users, what binds, and the latencies at that rate. */
export function renderCapacity(result: CapacityResult, style: Style): string {
  const paint = paintFor(style.color);
  const { columns } = style;
  const p = result.prediction;
  const s = result.scope;
  const pct = `p${s.percentile}`;
  const at = latencyAt(p, s.percentile);
  const nothing = result.max_request_rate === 0;
  // A deployment that cannot run at all has no full load, no latencies to speak of, and nothing for the simulator to check.
  const runs = result.binding !== "memory" && result.binding !== "context";
  const users =
    result.max_concurrent_users === null
      ? "unknown: these laws have no closed loop"
      : result.max_concurrent_users === 0 && !nothing
        ? // The closed-loop law can miss a tight SLO for one user where the open loop carries a rate: say which.
          "0: in a closed loop (each sends its next request when its last completes) even one user misses the SLOs"
        : `${result.max_concurrent_users} (a closed loop: each sends its next request when its last completes)`;
  const rows = [
    ["max request rate", nothing ? "0 req/s: none within the SLOs" : rps(result.max_request_rate)],
    ["max concurrent users", users],
    ["binding", `${BINDING_LABELS[result.binding]}${result.binding_alone ? " (even with no load)" : ""}`],
    ...(runs
      ? [
          ["at full load", `${rps(result.saturation_rps)} completed`],
          [`${pct} first token`, `${ms(at.ttftMs)} ms${s.ttft_slo_ms !== null ? ` (SLO ${s.ttft_slo_ms} ms)` : ""}`],
          [`${pct} time per output token`, `${ms(at.tpotMs)} ms${s.tpot_slo_ms !== null ? ` (SLO ${s.tpot_slo_ms} ms)` : ""}`],
          [`${pct} latency`, `${ms(at.e2eMs)} ms (SLO ${s.latency_slo_ms} ms)`],
          ["utilisation", `${(p.utilisation * 100).toFixed(1)}%`],
          ...(p.simulated ? [["simulated", simulatedWords(p.simulated, s.percentile)]] : []),
        ]
      : []),
  ];
  const head = nothing ? `at ${s.request_rate} req/s` : `at ${rps(result.max_request_rate)}`;
  const table = renderTable(rows, { head: ["capacity", head], columns });
  const title = paint.bold(paragraph(`Capacity: ${formatAdmitted(p)} on ${s.hardware[0]!.name}`, columns));
  const workload = paint.dim(
    paragraph(
      `${s.prompt_tokens} prompt + ${s.output_tokens} output tokens${tokenSource(s)}, context ${s.context_length}; ${pct} SLO ${s.latency_slo_ms} ms` +
        `${s.ttft_slo_ms !== null ? `, first token ${s.ttft_slo_ms} ms` : ""}${s.tpot_slo_ms !== null ? `, per output token ${s.tpot_slo_ms} ms` : ""}`,
      columns,
    ),
  );
  const binding = paragraph(bindingSentence(result, at), columns);
  // Gates that do not depend on the load (quality, budget) are the prediction's to say; name any that fails.
  const other = p.gates.filter((g) => !g.passed && (g.gate === "quality" || g.gate === "budget"));
  const fails = other.length === 0 ? "" : `\n${paint.warn(paragraph(`At any rate it fails: ${other.map((g) => GATE_LABELS[g.gate]).join(", ")} (see predict).`, columns))}`;
  return `${title}\n${workload}\n\n${table}\n${paint.bold(binding)}${fails}\n`;
}
