import { readFileSync } from "node:fs";
import type { Candidate } from "../../src/core/search/candidate.js";
import { parseSizeClass } from "../../src/core/model/size-class.js";
import type { Catalog, Scenario } from "../../src/core/catalog/types.js";
import { gpu } from "./catalog.js";

/** One recorded run of the reference planner: its plan flags and its ranked candidates. */
export interface GoldenRun {
  args: string[];
  expected: Candidate[];
}

/** The 120 recorded runs (a copy of ../shared/golden/tr133-phase1.jsonl). */
export const GOLDEN_RUNS: GoldenRun[] = readFileSync(new URL("../fixtures/tr133-phase1.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as GoldenRun);

/** The request a recorded run's flags describe (every run gives every flag). */
export function requestFromArgs(catalog: Catalog, args: readonly string[]): Scenario {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0 || args[i + 1] === undefined) throw new Error(`run lacks ${name}`);
    return args[i + 1]!;
  };
  return {
    sizeClass: parseSizeClass(flag("--model-size"))!,
    requestRate: Number(flag("--request-rate")),
    latencySloMs: Number(flag("--latency-slo")),
    qualityTarget: Number(flag("--quality-target")),
    budgetUsdPerMonth: Number(flag("--budget")),
    gpu: gpu(catalog, flag("--hardware")),
    unknownQuality: "pass",
    contextLength: Number(flag("--context-length")),
    outputTokens: Number(flag("--avg-tokens")),
  };
}
