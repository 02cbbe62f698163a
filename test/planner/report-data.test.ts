import { beforeAll, describe, expect, it } from "vitest";
import type { Planner } from "../../src/core/planner/planner.js";
import { costLatencyFront, paretoFront } from "../../src/core/planner/pareto-front.js";
import { FRONTIER_CAP, reportData } from "../../src/core/planner/report-data.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import { plannerOf } from "../helpers/catalog.js";

let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [physics, reference] = await Promise.all([plannerOf("default"), plannerOf("tr133")]);
});

/** A point for the frontier functions. */
const pt = (monthly_cost: number, latency_ms: number | null, quality: number | null) => ({ monthly_cost, latency_ms, quality });

describe("the frontiers", () => {
  it("keeps what no other beats on cost and latency, cheapest first; ties keep the first, no latency is on none", () => {
    const points = [pt(10, 500, 0.5), pt(10, 400, null), pt(20, 300, 0.6), pt(20, 300, 0.7), pt(30, 350, 0.9), pt(5, null, 0.9), pt(40, 100, null)];
    expect(costLatencyFront(points)).toEqual([1, 2, 6]);
  });

  it("weighs quality too, an unknown quality against unknowns only (never as zero, never above a score)", () => {
    const points = [pt(10, 500, 0.5), pt(10, 400, null), pt(20, 300, 0.6), pt(20, 300, 0.7), pt(30, 350, 0.9), pt(30, 350, 0.9), pt(40, 600, null), pt(10, 500, 0.4)];
    // 0.6 loses to 0.7 at the same cost and latency; the second 0.9 repeats the first; the unknown at $40 loses to the one at $10; 0.4 loses to 0.5.
    expect(paretoFront(points)).toEqual([1, 0, 3, 4]);
  });
});

describe("reportData", () => {
  const request: PlanRequest = { modelSize: "8b", hardware: "RTX 4090 24GB", requestRate: 2, ttftSloMs: 3000 };

  it("weighs every survivor up to the cap for the frontier, the recommendation first, as the plan ranks them", () => {
    const plan = physics.plan(request);
    const data = reportData(physics, request, plan);
    const { frontier } = data;
    expect(data.plan).toBe(plan);
    expect(frontier.candidates.length).toBeGreaterThan(plan.candidates.length);
    expect(frontier.candidates.length).toBeLessThanOrEqual(FRONTIER_CAP);
    expect(frontier.candidates.slice(0, plan.candidates.length)).toEqual(plan.candidates);
    expect(frontier.recommended).toBe(0);
    expect(frontier.limit).toBe(FRONTIER_CAP);
    expect(frontier.per_gpu).toBe(false);
    expect(frontier.complete).toBe(frontier.candidates.length < FRONTIER_CAP);
    expect(frontier.pareto.length).toBeGreaterThan(0);
    // Nothing on the frontier is beaten by any candidate on all three figures.
    for (const i of frontier.pareto) {
      const a = frontier.candidates[i]!;
      const beaten = frontier.candidates.some(
        (b) =>
          b.monthly_cost! <= a.monthly_cost! &&
          b.p95_latency_ms! <= a.p95_latency_ms! &&
          (a.quality === null ? b.quality === null : b.quality !== null && b.quality >= a.quality) &&
          (b.monthly_cost! < a.monthly_cost! || b.p95_latency_ms! < a.p95_latency_ms! || b.quality !== a.quality),
      );
      expect(beaten).toBe(false);
    }
  });

  it("sweeps the recommendation by predict() from 5% to 95% of saturation and at the planned rate, which it reproduces", () => {
    const plan = physics.plan(request);
    const best = plan.candidates[0]!;
    const load = reportData(physics, request, plan).load!;
    expect(load).toMatchObject({ model: best.model, quant: best.quant, backend: best.backend, concurrency: best.concurrency, capacity_tps: best.total_throughput_tps, ttft_slo_ms: 3000 });
    const rates = load.points.map((p) => p.request_rate);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(load.points).toHaveLength(20);
    const planned = load.points.filter((p) => p.planned);
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ request_rate: 2, ttft_ms: best.ttft_ms, latency_ms: best.p95_latency_ms, utilisation: best.utilisation, meets_slo: true });
    expect(load.points[0]!.utilisation).toBeCloseTo(0.05, 2);
    expect(load.points.at(-1)!.utilisation).toBeCloseTo(0.95, 2);
    // Latency only rises with load, and throughput served is the rate's tokens.
    for (let i = 1; i < load.points.length; i++) expect(load.points[i]!.latency_ms!).toBeGreaterThanOrEqual(load.points[i - 1]!.latency_ms!);
    // Throughput is printed to one decimal: within half of its last digit of the rate's tokens.
    for (const p of load.points) expect(Math.abs(p.throughput_tps - p.request_rate * load.output_tokens)).toBeLessThanOrEqual(0.05 + 1e-9);
    // Each point is predict() at that rate.
    const last = load.points.at(-1)!;
    const again = physics.predict({ hardware: "RTX 4090 24GB", ttftSloMs: 3000, model: best.model, quant: best.quant, backend: best.backend, concurrency: best.concurrency, replicas: best.replicas, requestRate: last.request_rate });
    expect([again.p95_latency_ms, again.ttft_ms]).toEqual([last.latency_ms, last.ttft_ms]);
  });

  it("works with the TR133 laws (N agents are replicas and concurrency) and over several GPUs (the cap shared)", () => {
    const plan = reference.plan({});
    const data = reportData(reference, {}, plan);
    expect(data.load!.points.find((p) => p.planned)!.latency_ms).toBe(plan.candidates[0]!.p95_latency_ms);
    expect(data.frontier.candidates).toEqual(plan.candidates);
    expect(data.frontier.complete).toBe(true);

    const several: PlanRequest = { modelSize: "3b", hardware: "RTX 4090 24GB,L4,A100 80GB SXM" };
    const across = physics.plan(several);
    const wide = reportData(physics, several, across);
    expect(wide.frontier).toMatchObject({ per_gpu: true, limit: Math.floor(FRONTIER_CAP / 3), recommended: 0 });
    expect(new Set(wide.frontier.candidates.map((c) => c.hardware)).size).toBe(3);
    expect(wide.load!.hardware).toBe(across.candidates[0]!.hardware);
  });

  it("has no load sweep and no recommendation when nothing fits", () => {
    const none: PlanRequest = { model: "llama3.1-70b", hardware: "RTX 4090 24GB", maxGpus: 1 };
    const data = reportData(physics, none, physics.plan(none));
    expect(data.load).toBeNull();
    expect(data.frontier).toMatchObject({ candidates: [], recommended: null, pareto: [] });
  });
});
