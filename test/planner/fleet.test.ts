import { beforeAll, describe, expect, it } from "vitest";
import { parseFleet } from "../../src/core/planner/fleet-spec.js";
import type { Planner } from "../../src/core/planner/planner.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import type { FleetResult } from "../../src/core/planner/results.js";
import { renderFleet } from "../../src/render/fleet-report.js";
import { plannerOf } from "../helpers/catalog.js";
import { thrown } from "../helpers/thrown.js";
import { runInProcess } from "../helpers/run-cli.js";

let planner: Planner;
beforeAll(async () => {
  planner = await plannerOf("default");
});

/** The fleet: two RTX 4090s and an RTX A6000, owned. */
const FLEET = "2x RTX 4090,1x RTX A6000";

/** An 8B at 6 req/s over the fleet (which carries about 10). */
const REQUEST: PlanRequest = { model: "llama3.1-8b", fleet: FLEET, requestRate: 6 };

/** Fleet results, each worked out once. */
const results = new Map<string, FleetResult>();
function fleetOf(request: PlanRequest): FleetResult {
  const key = JSON.stringify(request);
  let found = results.get(key);
  if (!found) results.set(key, (found = planner.fleet(request)));
  return found;
}


describe("a fleet's text", () => {
  it("reads counts and GPU names, a name alone being one GPU", () => {
    expect(parseFleet("2x RTX 4090,1x RTX A6000")).toEqual([
      { gpu: "RTX 4090", count: 2 },
      { gpu: "RTX A6000", count: 1 },
    ]);
    expect(parseFleet(" 4 × H100 SXM , L4 ,3*A10G")).toEqual([
      { gpu: "H100 SXM", count: 4 },
      { gpu: "L4", count: 1 },
      { gpu: "A10G", count: 3 },
    ]);
  });

  it.each(["", "2x RTX 4090,,1x L4", "0x RTX 4090", "300x RTX 4090"])("refuses %j naming the fleet field", (text) => {
    const error = thrown(() => parseFleet(text));
    expect({ code: error.code, field: error.field }).toEqual({ code: "invalid_field", field: "fleet" });
  });
});

describe("a fleet plan", () => {
  it("serves the model on every group, traffic split in proportion to what each carries within the SLOs", () => {
    const result = fleetOf(REQUEST);
    expect(result.fleet.map((g) => [g.gpu, g.count])).toEqual([
      ["RTX 4090 24GB", 2],
      ["RTX A6000 48GB", 1],
    ]);
    const [plan] = result.plans;
    expect(plan).toBeDefined();
    expect(plan!.model).toBe("llama3.1-8b");
    expect(plan!.meets).toBe(true);
    const groups = plan!.groups;
    expect(groups.map((g) => g.gpu)).toEqual(["RTX 4090 24GB", "RTX A6000 48GB"]);
    const total = groups.reduce((sum, g) => sum + g.highest_rate_rps, 0);
    expect(plan!.highest_rate_rps).toBeCloseTo(total, 2);
    expect(plan!.highest_rate_rps).toBeGreaterThanOrEqual(6);
    expect(groups.reduce((sum, g) => sum + g.traffic_share, 0)).toBeCloseTo(1, 3);
    expect(groups.reduce((sum, g) => sum + g.request_rate, 0)).toBeCloseTo(6, 2);
    for (const g of groups) {
      const c = g.serving!;
      expect(c, g.gpu).not.toBeNull();
      expect(g.traffic_share).toBeCloseTo(g.highest_rate_rps / total, 3);
      expect(g.gpus_serving).toBe(c.gpus_billed);
      expect(c.gpus_billed).toBeLessThanOrEqual(g.gpus);
      expect(c.hardware).toBe(g.gpu);
      // At its share of the rate, each group is within the SLO: the fleet meets it.
      expect(c.p95_latency_ms).not.toBeNull();
      expect(c.p95_latency_ms!).toBeLessThanOrEqual(result.scope.latency_slo_ms);
    }
    // Every GPU serves: both RTX 4090s carry a replica.
    expect(groups[0]!.gpus_serving).toBe(2);
  });

  it("gives each group the highest rate its deployment carries: predict meets the SLO there, and not 10% above", () => {
    const plan = fleetOf(REQUEST).plans[0]!;
    let checked = 0;
    for (const g of plan.groups) {
      const c = g.serving!;
      const at = (requestRate: number) =>
        planner.predict({
          model: c.model,
          quant: c.quant,
          backend: c.backend,
          hardware: g.gpu,
          replicas: c.replicas,
          concurrency: c.concurrency,
          ...(c.gpus_per_replica > 1 ? { tensorParallel: c.gpus_per_replica as 2 | 4 | 8 } : {}),
          requestRate,
        });
      const latencyPasses = (requestRate: number) => at(requestRate).gates.filter((gate) => ["latency", "ttft", "tpot"].includes(gate.gate)).every((gate) => gate.passed);
      // The rate is rounded to 3 decimals: a hair below it.
      expect(latencyPasses(g.highest_rate_rps * 0.999), g.gpu).toBe(true);
      expect(latencyPasses(g.highest_rate_rps * 1.1), g.gpu).toBe(false);
      checked++;
    }
    expect(checked).toBe(2);
  });

  it("says when the fleet cannot carry the rate, and the most it carries", () => {
    const plan = fleetOf({ ...REQUEST, requestRate: 1000 }).plans[0]!;
    expect(plan.meets).toBe(false);
    expect(plan.highest_rate_rps).toBeGreaterThan(0);
    expect(plan.highest_rate_rps).toBeLessThan(1000);
    expect(plan.groups.reduce((sum, g) => sum + g.request_rate, 0)).toBeCloseTo(1000, 0);
  });

  it("leaves a group that cannot hold the model idle, its share of the traffic nothing", () => {
    // A 70B fits no single RTX 4090 in any format; it fits an A100 80GB in 4 bits.
    const plan = fleetOf({ model: "llama3.1-70b", fleet: "1x RTX 4090,1x A100 80GB SXM", requestRate: 0.1, latencySloMs: 20_000 }).plans[0]!;
    expect(plan).toBeDefined();
    const [rtx, a100] = plan.groups;
    expect(rtx).toMatchObject({ gpu: "RTX 4090 24GB", serving: null, traffic_share: 0, request_rate: 0, gpus_serving: 0 });
    expect(a100!.serving).not.toBeNull();
    expect(a100!.traffic_share).toBe(1);
  });

  it("needs no price: a GPU without one is planned, its cost unknown", () => {
    const result = fleetOf({ model: "llama3.2-1b", fleet: "1x RTX 4090 Laptop 16GB", requestRate: 1 });
    expect(result.fleet[0]).toMatchObject({ gpu: "RTX 4090 Laptop 16GB", usd_per_hour: null, price_basis: null });
    expect(result.plans[0]!.meets).toBe(true);
    expect(result.plans[0]!.monthly_cost).toBeNull();
    expect(result.scope.price_basis).toBe("owned");
  });

  it("costs owned GPUs at their purchase over the years, every GPU counted, energy added with a rate", () => {
    const plain = fleetOf(REQUEST);
    const owned = plain.fleet.map((g) => g.usd_per_hour);
    expect(owned.every((p) => p !== null)).toBe(true);
    const hardware = plain.fleet.reduce((sum, g) => sum + g.usd_per_hour! * 720 * g.count, 0);
    expect(plain.plans[0]!.monthly_cost).toBeCloseTo(hardware, 0);
    expect(plain.plans[0]!.energy_usd_per_month).toBeNull();
    const withEnergy = fleetOf({ ...REQUEST, electricityUsdPerKwh: 0.2 }).plans[0]!;
    expect(withEnergy.energy_usd_per_month).toBeGreaterThan(0);
    expect(withEnergy.energy_usd_per_month!).toBeCloseTo(withEnergy.energy_kwh_per_month! * 0.2, 0);
    expect(withEnergy.monthly_cost!).toBeCloseTo(hardware + withEnergy.energy_usd_per_month!, 0);
  });

  it("ranks the models of a size class: those that meet the rate first", () => {
    const result = fleetOf({ modelSize: "1b", fleet: "1x RTX 4090", requestRate: 2 });
    expect(result.plans.length).toBeGreaterThan(0);
    const meets = result.plans.map((p) => p.meets);
    expect(meets).toEqual([...meets].sort((a, b) => Number(b) - Number(a)));
    expect(result.scope.max_gpus).toBe(1);
    expect(result.scope.budget_usd_per_month).toBeNull();
  });

  it.each([
    [{ hardware: "RTX 4090" }, "hardware", "conflicting_fields"],
    [{ maxGpus: 4 }, "maxGpus", "conflicting_fields"],
    [{ budgetUsdPerMonth: 100 }, "budgetUsdPerMonth", "conflicting_fields"],
    [{ maxRate: true }, "maxRate", "conflicting_fields"],
    [{ compareApi: true }, "compareApi", "conflicting_fields"],
    [{ speculative: "mtp" }, "speculative", "invalid_field"],
    [{ fleet: "2x RTX 4090,1x RTX 4090 24GB" }, "fleet", "invalid_field"],
    [{ fleet: "2x RTX 4091" }, "fleet", "unknown_name"],
    [{ fleet: "2x H100" }, "fleet", "ambiguous_name"],
  ] as const)("refuses %j, naming %s", (change, field, code) => {
    const error = thrown(() => planner.fleet({ ...REQUEST, ...change }));
    expect({ field: error.field, code: error.code }).toEqual({ field, code });
  });

  it("plans the workload as plan does: a shared prompt prefix, cached, lets the fleet carry more", () => {
    const long = { ...REQUEST, promptTokens: 4000 };
    const cached = fleetOf({ ...long, sharedPrefixTokens: 3500 }).plans[0]!;
    expect(cached.highest_rate_rps).toBeGreaterThan(fleetOf(long).plans[0]!.highest_rate_rps);
  });

  it("takes the fleet as a list of groups alike, and plan() points to it", () => {
    const listed = planner.fleet({ ...REQUEST, fleet: [{ gpu: "RTX 4090", count: 2 }, { gpu: "RTX A6000", count: 1 }] });
    expect(listed).toEqual(fleetOf(REQUEST));
    expect(thrown(() => planner.plan(REQUEST)).field).toBe("fleet");
  });
});

describe("plan --fleet", () => {
  it("prints a column per group: what it serves, what it carries, its share of the traffic, and whether the fleet meets the rate", () => {
    const result = fleetOf(REQUEST);
    const text = renderFleet(result, { color: false, columns: 120 });
    const plan = result.plans[0]!;
    expect(text).toContain("Fleet plan: llama3.1-8b on 2× RTX 4090 24GB + 1× RTX A6000 48GB");
    for (const g of plan.groups) {
      expect(text).toContain(`${g.gpus}× ${g.gpu}`);
      expect(text).toContain(`${g.serving!.quant} ${g.serving!.backend}`);
      expect(text).toContain(`${(g.traffic_share * 100).toFixed(1)}%`);
    }
    expect(text).toContain("The fleet meets 6 req/s within the SLOs");
    expect(text).toContain(`Monthly cost: $${plan.monthly_cost!.toFixed(2)}`);
    const short = renderFleet(fleetOf({ ...REQUEST, requestRate: 1000 }), { color: false, columns: 120 });
    expect(short).toContain("The fleet does not meet 1000 req/s");
  });


  it("prints one JSON document, and refuses a bad fleet in one line naming --fleet, exit 2", async () => {
    const { code, stdout } = await runInProcess(["plan", "--model", "llama3.1-8b", "--fleet", FLEET, "--request-rate", "6", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(fleetOf(REQUEST));
    const bad = await runInProcess(["plan", "--fleet", "2x RTX 4090,,"]);
    expect({ code: bad.code, stdout: bad.stdout }).toEqual({ code: 2, stdout: "" });
    expect(bad.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: option '--fleet <gpus>' argument '2x RTX 4090,,': expected "<count>x <GPU>"/);
    // A fleet names its GPUs: --hardware auto is refused before any detection.
    const auto = await runInProcess(["plan", "--fleet", FLEET, "--hardware", "auto"]);
    expect(auto.code).toBe(2);
    expect(auto.stderr).toMatch(/^error: option '--hardware <gpu>' names GPUs to weigh: a --fleet names the GPUs owned/);
  });
});
