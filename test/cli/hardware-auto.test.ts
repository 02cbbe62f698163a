import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PlanResult, PredictResult } from "../../src/core/planner/results.js";
import { fakeTools } from "../helpers/fake-tools.js";
import { runInProcess } from "../helpers/run-cli.js";

/** Runs the command line with only `dir` on PATH: the fake tools in it, and no real one. */
const withPath = (dir: string, args: string[]) => runInProcess(args, { env: { PATH: dir } });

describe("--hardware auto", () => {
  it("plans this machine's GPU: 8 identical H100s are the H100 SXM, a plan capped at 8 GPUs", async () => {
    const dir = fakeTools({ "nvidia-smi": "nvidia-smi-query-name-memory-8xH100-documented.csv" });
    const { code, stdout, stderr } = await withPath(dir, ["plan", "--hardware", "auto", "--model", "llama3.1-70b", "--json"]);
    expect(code).toBe(0);
    expect(stderr).toBe("note: --hardware auto: found 8× NVIDIA H100 80GB HBM3 (79.6 GB, nvidia-smi): H100 SXM 80GB; a plan bills at most 8 GPUs (the count found; --max-gpus to change).\n");
    const plan = JSON.parse(stdout) as PlanResult;
    expect(plan.scope.hardware.map((g) => g.name)).toEqual(["H100 SXM 80GB"]);
    expect(plan.scope.max_gpus).toBe(8);
    expect(plan.candidates.length).toBeGreaterThan(0);
    for (const c of plan.candidates) expect(c.gpus_billed).toBeLessThanOrEqual(8);
  });

  it("keeps a --max-gpus given, and predicts on the GPU found", async () => {
    const dir = fakeTools({ "nvidia-smi": "nvidia-smi-query-name-memory-4xA100-documented.csv" });
    const plan = await withPath(dir, ["plan", "--hardware", "auto", "--max-gpus", "2", "--json"]);
    expect((JSON.parse(plan.stdout) as PlanResult).scope.max_gpus).toBe(2);
    const predict = await withPath(dir, ["predict", "--hardware", "auto", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--json"]);
    expect(predict.code).toBe(0);
    expect((JSON.parse(predict.stdout) as PredictResult).hardware).toBe("A100 80GB SXM");
  });

  it("says in one line when no tool is on PATH", async () => {
    const empty = mkdtempSync(join(tmpdir(), "chimeraforge-empty-"));
    const { code, stdout, stderr } = await withPath(empty, ["plan", "--hardware", "auto"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      "error: option '--hardware <gpu>' argument 'auto' found no GPU: none of nvidia-smi, rocm-smi, system_profiler is on PATH; name one with --hardware <gpu> (see list-hardware), or give --gpu-memory and --gpu-bandwidth.\n",
    );
    const json = await withPath(empty, ["plan", "--hardware", "auto", "--json"]);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: "gpu_not_detected" } });
  });

  it("says what a tool said when it found none", async () => {
    const dir = fakeTools({ "nvidia-smi": { exit: 9, stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." } });
    const { code, stderr } = await withPath(dir, ["plan", "--hardware", "auto"]);
    expect(code).toBe(2);
    expect(stderr).toContain("found no GPU: nvidia-smi failed (NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.)");
    expect(stderr.split("\n")).toHaveLength(2);
  });

  it("names what to give for a GPU the database lacks: its bandwidth; then plans it by its figures", async () => {
    const dir = fakeTools({ "rocm-smi": "rocm-smi-productname-use-meminfo-json-rx7900xt.json" });
    const refused = await withPath(dir, ["plan", "--hardware", "auto"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "error: option '--hardware <gpu>' argument 'auto' found Radeon RX 7900 XT (20 GB, rocm-smi), which is not in the GPU database: its memory bandwidth is unknown, so it cannot be planned; give --gpu-bandwidth <GB/s> (and --gpu-price <dollars/h>) to plan it by its figures.\n",
    );
    const planned = await withPath(dir, ["plan", "--hardware", "auto", "--gpu-bandwidth", "800", "--gpu-price", "0.5", "--json"]);
    expect(planned.code).toBe(0);
    const gpu = (JSON.parse(planned.stdout) as PlanResult).scope.hardware[0]!;
    expect(gpu).toMatchObject({ memory_gb: 20, bandwidth_gbps: 800, usd_per_hour: 0.5 });
  });

  it("plans an Apple GPU with its Mac's memory (sysctl hw.memsize), not the most its chip takes", async () => {
    const dir = fakeTools({ system_profiler: "system_profiler-SPDisplaysDataType-apple-m4-trimmed.txt", sysctl: { exit: 0, stdout: String(16 * 1024 ** 3) } });
    const { code, stdout, stderr } = await withPath(dir, ["plan", "--hardware", "auto", "--gpu-price", "0.1", "--json"]);
    expect(code).toBe(0);
    expect(stderr).toBe(
      "note: --hardware auto: found Apple M4 (8 GPU cores, 16 GB, system_profiler): Apple M4 (the database lists the most memory the chip takes, 32 GB), planned with this Mac's 16 GB, of which a GPU may use 12 GB.\n",
    );
    const gpu = (JSON.parse(stdout) as PlanResult).scope.hardware[0]!;
    expect(gpu).toMatchObject({ name: "Apple M4 with 16 GB", memory_gb: 12, bandwidth_gbps: 120 });
  });

  it("refuses several kinds of GPU for predict, which takes one", async () => {
    const dir = fakeTools({ "nvidia-smi": "nvidia-smi-query-name-memory-rtx5090-documented.csv", "system_profiler": "system_profiler-SPDisplaysDataType-apple-m4-trimmed.txt" });
    const { code, stderr } = await withPath(dir, ["predict", "--hardware", "auto", "--model", "llama3.2-1b", "--quant", "Q4_K_M", "--backend", "llama.cpp"]);
    expect(code).toBe(2);
    expect(stderr).toContain("found NVIDIA GeForce RTX 5090 (31.8 GB, nvidia-smi) and Apple M4 (8 GPU cores, system_profiler): predict takes one GPU");
  });
});
