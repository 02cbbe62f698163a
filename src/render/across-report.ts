import { promptTokens } from "../core/search/workload.js";
import type { AcrossPlan } from "../core/search/across.js";
import type { Paint } from "./paint.js";
import { formatAdmitted } from "./plan-report.js";
import { paragraph, renderTable } from "./table.js";

const money = (x: number) => `$${x.toFixed(2)}`;

/** The cross-GPU report: the best plan on each GPU, cheapest first, and the overall recommendation. */
export function renderAcrossReport(plan: AcrossPlan, paint: Paint, columns: number | undefined): string {
  const request = plan.requests[0];
  const rows = plan.perGpu.map((p) => {
    const b = p.best;
    if (!b) return [p.gpu, `$${p.costPerHour}`, "nothing fits", "", "", ""];
    return [
      p.gpu,
      `$${p.costPerHour}`,
      formatAdmitted(b),
      b.quality === null ? "unknown" : b.quality.toFixed(3),
      b.p95_latency_ms === null ? "∞" : b.p95_latency_ms.toFixed(0),
      money(b.monthly_cost),
    ];
  });
  const table = renderTable(rows, {
    head: ["GPU", "per hour", "best plan", "quality", "p95 ms", "per month"],
    align: ["left", "right", "left", "right", "right", "right"],
    columns,
  });
  const [top] = plan.candidates;
  const fits = plan.perGpu.filter((p) => p.best).length;
  const head = request
    ? paint.dim(
        paragraph(
          `${plan.models.join(", ")}; ${request.requestRate} req/s × ${promptTokens(request)} prompt + ${request.outputTokens} output tokens, context ${request.contextLength}; ` +
            `SLO ${request.latencySloMs} ms, quality ≥ ${request.qualityTarget}, ${Number.isFinite(request.budgetUsdPerMonth) ? `budget ${money(request.budgetUsdPerMonth)}/month` : "no budget"}`,
          columns,
        ),
      )
    : "";
  const verdict = top
    ? paint.bold(paragraph(`Recommendation: ${formatAdmitted(top)} on ${top.hardware}, ${money(top.monthly_cost)}/month`, columns))
    : paint.bad(`No viable configuration on any of the ${plan.perGpu.length} GPUs.`);
  const tally = paint.dim(
    paragraph(
      `A plan passes all ${plan.gates.length} gates on ${fits} of ${plan.perGpu.length} GPUs. Run plan --hardware <gpu> for one GPU's details.`,
      columns,
    ),
  );
  return `${paint.bold("Best plan per GPU")}\n${head}\n${table}\n\n${verdict}\n${tally}\n`;
}
