import { describe, expect, it } from "vitest";
import type { CapacityResult } from "../../src/core/planner/results.js";
import { plannerOf } from "../helpers/catalog.js";
import { parseCsv } from "../helpers/parse-csv.js";
import { runInProcess } from "../helpers/run-cli.js";

const H100_8B = ["--model", "llama3.1-8b", "--quant", "FP16", "--backend", "vllm", "--hardware", "H100 SXM"];

describe("capacity, in-process", () => {
  it("prints with --json what the planner answers: the rate, the users, what binds and the prediction there", async () => {
    const { code, stdout, stderr } = await runInProcess(["capacity", ...H100_8B, "--ttft-slo", "100", "--json"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const printed = JSON.parse(stdout) as CapacityResult;
    const planner = await plannerOf("default");
    expect(printed).toEqual(JSON.parse(JSON.stringify(planner.capacity({ model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM", ttftSloMs: 100 }))));
    expect(Object.keys(printed)).toEqual(["max_request_rate", "max_concurrent_users", "binding", "binding_alone", "saturation_rps", "prediction", "scope"]);
    expect(printed.binding).toBe("ttft");
    expect(printed.prediction.scope.request_rate).toBe(printed.max_request_rate);
  });

  it("prints the rate, the users and what binds, in words", async () => {
    const { code, stdout } = await runInProcess(["capacity", ...H100_8B]);
    expect(code).toBe(0);
    const rate = (await plannerOf("default")).capacity({ model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM" }).max_request_rate;
    expect(stdout).toContain("Capacity: llama3.1-8b FP16 vllm ×1");
    expect(stdout).toMatch(new RegExp(`max request rate\\s+│ ${rate} req/s`));
    expect(stdout).toMatch(/max concurrent users\s+│ \d+ \(a closed loop/);
    expect(stdout.replace(/\s+/g, " ")).toContain(`The p95 latency to the last token binds first: it reaches its SLO of 5000 ms at ${rate} req/s`);
    const unfit = await runInProcess(["capacity", "--model", "llama3.1-70b", "--quant", "FP16", "--backend", "vllm", "--hardware", "H100 SXM"]);
    expect(unfit.stdout.replace(/\s+/g, " ")).toMatch(/It does not fit in memory: it needs [\d.]+ GiB per GPU, and the H100 SXM 80GB has 80 GB; it carries nothing\./);
    expect(unfit.stdout).not.toContain("p95 latency");
  });

  it("prints one CSV row: the answer, then the prediction and the scope", async () => {
    const { code, stdout } = await runInProcess(["capacity", ...H100_8B, "--format", "csv"]);
    expect(code).toBe(0);
    const [head, ...rows] = parseCsv(stdout);
    expect(rows).toHaveLength(1);
    expect(head!.slice(0, 5)).toEqual(["max_request_rate", "max_concurrent_users", "binding", "binding_alone", "saturation_rps"]);
    expect(head).toContain("prediction.gates.latency.passed");
    expect(rows[0]![head!.indexOf("binding")]).toBe("latency");
  });

  it.each([
    [[...H100_8B, "--request-rate", "2"], /^error: unknown option '--request-rate'/],
    [["--model", "llama3.1-8b", "--backend", "vllm"], /^error: required option '--quant <level>' not specified/],
    [["--model", "llama3.1-8b", "--quant", "FP16", "--backend", "vllm", "--hardware", "H100 SXM,L4"], /^error: option '--hardware <gpu>' argument 'H100 SXM,L4'.*capacity takes one GPU/],
  ])("refuses %j in one line, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await runInProcess(["capacity", ...args]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("plan --max-rate, in-process", () => {
  it("adds each configuration's highest rate, and what binds it, to the tables", async () => {
    const one = await runInProcess(["plan", "--model", "llama3.1-8b", "--hardware", "H100 SXM", "--max-rate"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/max request rate\s+│ [\d.]+ req\/s within the SLOs \(latency/);
    expect(one.stdout).toMatch(/│ # │ deployment\s+│ GPUs │ conc\. │\s+VRAM │\s+quality │ p95 ms │\s+max │/);
    expect(one.stdout.replace(/\s+/g, " ")).toContain("max req/s: the highest request rate each carries within the SLOs");
    const several = await runInProcess(["plan", "--model", "llama3.1-8b", "--hardware", "H100 SXM,L40S", "--max-rate", "--json"]);
    const plan = JSON.parse(several.stdout) as { per_gpu: { best: { max_request_rate?: number; binding?: string } | null }[] };
    expect(plan.per_gpu).toHaveLength(2);
    for (const p of plan.per_gpu) expect(p.best).toMatchObject({ max_request_rate: expect.any(Number), binding: expect.any(String) });
    const without = await runInProcess(["plan", "--model", "llama3.1-8b", "--hardware", "H100 SXM"]);
    expect(without.stdout).not.toContain("max req/s");
  });
});
