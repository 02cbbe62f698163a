import { readFileSync } from "node:fs";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import { parseSizeClass } from "../../src/core/model/size-class.js";
import type { Catalog, Scenario } from "../../src/core/catalog/types.js";
import { gpu } from "./catalog.js";

/** A candidate as the reference printed it. */
export interface ReferenceCandidate {
  model: string;
  quant: string;
  backend: string;
  n_agents: number;
  vram_gb: number;
  quality: number;
  quality_tier: string;
  throughput_tps: number;
  total_throughput_tps: number;
  eta: number;
  p95_latency_ms: number;
  utilisation: number;
  monthly_cost: number;
  cost_per_1m_tok: number;
  warnings: string[];
}

/** One recorded run of the reference planner: its plan flags and its ranked candidates. */
export interface GoldenRun {
  args: string[];
  expected: ReferenceCandidate[];
}

/** The 120 recorded runs (a copy of ../shared/golden/tr133-phase1.jsonl). */
export const GOLDEN_RUNS: GoldenRun[] = readFileSync(new URL("../fixtures/tr133-phase1.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as GoldenRun);

/** A flag's value in a recorded run (every run gives every flag). */
function flag(args: readonly string[], name: string): string {
  const i = args.indexOf(name);
  if (i < 0 || args[i + 1] === undefined) throw new Error(`run lacks ${name}`);
  return args[i + 1]!;
}

/** The plan request a recorded run's flags describe, as the library takes it. */
export function planRequestFromArgs(args: readonly string[]): PlanRequest {
  return {
    modelSize: flag(args, "--model-size"),
    requestRate: Number(flag(args, "--request-rate")),
    latencySloMs: Number(flag(args, "--latency-slo")),
    qualityTarget: Number(flag(args, "--quality-target")),
    budgetUsdPerMonth: Number(flag(args, "--budget")),
    hardware: flag(args, "--hardware"),
    contextLength: Number(flag(args, "--context-length")),
    outputTokens: Number(flag(args, "--avg-tokens")),
  };
}

/** The scenario a recorded run's flags describe on its GPU, for the core's search. */
export function requestFromArgs(catalog: Catalog, args: readonly string[]): Scenario {
  return {
    sizeClass: parseSizeClass(flag(args, "--model-size"))!,
    requestRate: Number(flag(args, "--request-rate")),
    latencySloMs: Number(flag(args, "--latency-slo")),
    percentile: 95,
    qualityTarget: Number(flag(args, "--quality-target")),
    budgetUsdPerMonth: Number(flag(args, "--budget")),
    gpu: gpu(catalog, flag(args, "--hardware")),
    unknownQuality: "pass",
    contextLength: Number(flag(args, "--context-length")),
    outputTokens: Number(flag(args, "--avg-tokens")),
  };
}
