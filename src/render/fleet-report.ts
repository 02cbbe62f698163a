import type { Candidate, FleetGroupPlan, FleetPlan, FleetResult, Scope } from "../core/planner/results.js";
import { latencyAt } from "../core/planner/candidate-latency.js";
import { money, ms, qualityCell, tokenSource } from "./format.js";
import { paintFor, type Paint, type Style } from "./paint.js";
import { paragraph, renderTable } from "./table.js";
import { priceBasisWords, warningText } from "./words.js";

/** Requests per second to three significant figures at most: 0.125, 2.48, 15.8, 120. */
const rps = (x: number) => String(Number(x.toPrecision(3)));

/** The fleet as one line: "2× RTX 4090 24GB + 1× RTX A6000 48GB". */
const fleetWords = (result: FleetResult) => result.fleet.map((g) => `${g.count}× ${g.gpu}`).join(" + ");

/** What the fleet is asked to carry, and how its GPUs are priced. */
function askedLine(result: FleetResult): string {
  const s: Scope = result.scope;
  const slos = [
    `p${s.percentile} latency ≤ ${s.latency_slo_ms} ms`,
    ...(s.ttft_slo_ms !== null ? [`first token ≤ ${s.ttft_slo_ms} ms`] : []),
    ...(s.tpot_slo_ms !== null ? [`per output token ≤ ${s.tpot_slo_ms} ms`] : []),
  ].join(", ");
  const prices = result.fleet.map((g) => `${g.gpu} ${g.usd_per_hour === null ? `no ${s.price_basis} price` : `$${g.usd_per_hour}/h ${priceBasisWords(g.price_basis)}`}`).join(", ");
  return (
    `${s.size_class !== null ? `${s.size_class}: ` : ""}${s.models.join(", ")}; ${s.request_rate} req/s × ${s.prompt_tokens} prompt + ${s.output_tokens} output tokens${tokenSource(s)}, ` +
    `context ${s.context_length}; ${slos}; quality ≥ ${s.quality_target}; prices: ${prices}${s.electricity_usd_per_kwh !== null ? `, energy at $${s.electricity_usd_per_kwh}/kWh` : ""}`
  );
}

/** One fleet plan, a column per group: its configuration, what it carries, its share of the traffic and its latency there. */
function groupsTable(plan: FleetPlan, scope: Scope, columns: number | undefined): string {
  const cells = (figure: (c: Candidate, g: FleetGroupPlan) => string) => plan.groups.map((g) => (g.serving ? figure(g.serving, g) : ""));
  const rows = [
    ["serves", ...plan.groups.map((g) => (g.serving ? `${g.serving.quant} ${g.serving.backend}` : "nothing (idle)"))],
    ["replicas", ...cells((c) => `${c.replicas} (${c.gpus_per_replica} GPU${c.gpus_per_replica === 1 ? "" : "s"} each)`)],
    ["requests at once", ...cells((c) => `${c.concurrency} per replica`)],
    ["quality", ...cells((c) => qualityCell(c))],
    ["carries (SLOs)", ...cells((_, g) => `${rps(g.highest_rate_rps)} req/s`)],
    ["traffic", ...cells((_, g) => `${(g.traffic_share * 100).toFixed(1)}%: ${rps(g.request_rate)} req/s`)],
    [`p${scope.percentile} latency`, ...cells((c) => `${ms(latencyAt(c, scope.percentile).e2eMs)} ms`)],
  ];
  return renderTable(rows, { head: ["", ...plan.groups.map((g) => `${g.gpus}× ${g.gpu}`)], columns });
}

/** Whether the fleet meets the rate, in one sentence. */
function verdict(plan: FleetPlan, scope: Scope, paint: Paint): string {
  const most = `${rps(plan.highest_rate_rps)} req/s`;
  if (plan.meets) {
    return paint.good(`The fleet meets ${scope.request_rate} req/s within the SLOs: it carries up to ${most}, traffic split in proportion to what each group carries.`);
  }
  return paint.bad(`The fleet does not meet ${scope.request_rate} req/s: it carries ${most} at most within the SLOs.`);
}

/** The fleet's monthly cost where known, else which GPUs have no price. */
function costLine(plan: FleetPlan, result: FleetResult): string {
  const basis = result.scope.price_basis;
  const energy = plan.energy_usd_per_month !== null ? `, of which energy ${money(plan.energy_usd_per_month)}` : "";
  if (plan.monthly_cost !== null) return `Monthly cost: ${money(plan.monthly_cost)} (every GPU at its ${basis} price${energy}).`;
  const unpriced = result.fleet.filter((g) => g.usd_per_hour === null).map((g) => g.gpu).join(", ");
  const known = plan.energy_usd_per_month !== null ? `the energy of the GPUs that serve is ${money(plan.energy_usd_per_month)}; ` : "";
  return `Monthly cost: unknown: ${known}no ${basis} price for ${unpriced} (another --price-basis may have one).`;
}

/** The human report of a fleet plan: the best model's groups, whether it meets the rate, its cost, then the other models. */
export function renderFleet(result: FleetResult, style: Style): string {
  const paint = paintFor(style.color);
  const columns = style.columns;
  const head = paint.dim(paragraph(askedLine(result), columns));
  const [best, ...rest] = result.plans;
  if (!best) {
    return `${paint.bold(`Fleet: ${fleetWords(result)}`)}\n${head}\n\n${paint.bad(paragraph(`No model of ${result.scope.models.join(", ")} can be served by any group of the fleet within the SLOs and quality target (${result.searched} configurations weighed).`, columns))}\n`;
  }
  const sections = [
    `${paint.bold(paragraph(`Fleet plan: ${best.model} on ${fleetWords(result)}`, columns))}\n${head}`,
    groupsTable(best, result.scope, columns),
    [verdict(best, result.scope, paint), costLine(best, result)].map((line) => paragraph(line, columns)).join("\n"),
  ];
  const warnings = best.groups.flatMap((g) => (g.serving ? g.serving.warnings.map((w) => `${g.gpu}: ${warningText(w)}`) : []));
  if (warnings.length > 0) sections.push([paint.bold("Warnings"), ...warnings.map((w) => paragraph(w, columns, `  ${paint.warn("!")} `, "    "))].join("\n"));
  if (rest.length > 0) {
    const rows = rest.map((p, i) => [
      String(i + 2),
      p.model,
      p.groups.map((g) => (g.serving ? `${g.serving.quant} ${g.serving.backend}` : "nothing")).join(" / "),
      rps(p.highest_rate_rps),
      p.meets ? "yes" : "no",
    ]);
    sections.push(
      `${paint.bold("Other models")}\n${renderTable(rows, { head: ["#", "model", "serves (per group)", "carries req/s", "meets"], align: ["right", "left", "left", "right", "left"], columns })}`,
    );
  }
  return sections.join("\n\n") + "\n";
}
