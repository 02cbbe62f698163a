import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { capacity, ChimeraforgeError, createPlanner, explain, plan, predict, PlanRequestSchema } from "../src/index.js";
import { runInProcess } from "./helpers/run-cli.js";
import { fitFixtures } from "./calibrate/fixtures.js";
import { defaultCatalog } from "./helpers/catalog.js";

describe("the library", () => {
  it("plan() returns what plan --json prints", async () => {
    const cli = JSON.parse((await runInProcess(["plan", "--hardware", "RTX 4090 24GB", "--request-rate", "2", "--model-size", "3b", "--top", "3", "--json"])).stdout);
    expect(await plan({ hardware: "RTX 4090 24GB", requestRate: 2, modelSize: "3b", limit: 3 })).toEqual(cli);
    expect(await plan()).toEqual(JSON.parse((await runInProcess(["plan", "--json"])).stdout));
  });

  it("takes a list or a comma-separated string, and predict() returns what predict --json prints", async () => {
    const cli = JSON.parse((await runInProcess(["plan", "--model", "llama3.2-1b,qwen2.5-1.5b", "--all", "--json"])).stdout);
    expect(await plan({ model: ["llama3.2-1b", "qwen2.5-1.5b"], limit: "all" })).toEqual(cli);
    const args = ["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--concurrency", "8"];
    expect(await predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 8 })).toEqual(JSON.parse((await runInProcess(["predict", ...args, "--json"])).stdout));
  });

  it("capacity() returns what capacity --json prints", async () => {
    const args = ["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--ttft-slo", "300"];
    const cli = JSON.parse((await runInProcess(["capacity", ...args, "--json"])).stdout);
    expect(await capacity({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", ttftSloMs: 300 })).toEqual(cli);
    expect(cli.max_request_rate).toBeGreaterThan(0);
  });

  it("explain() adds the rejections and suggestions", async () => {
    const out = await explain({ modelSize: "1b", latencySloMs: 100 });
    expect(out.rejected?.length).toBeGreaterThan(0);
    expect(out.suggestions).not.toBeNull();
  });

  it("refuses a bad field with a ChimeraforgeError naming it and its range; an unknown field too", async () => {
    const planner = await createPlanner();
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error;
      }
      throw new Error("did not throw");
    };
    const error = refusal(() => planner.plan({ requestRate: 0 })) as ChimeraforgeError;
    expect(error).toBeInstanceOf(ChimeraforgeError);
    expect({ code: error.code, field: error.field, exitCode: error.exitCode }).toEqual({ code: "invalid_field", field: "requestRate", exitCode: 2 });
    expect(error.message).toBe("requestRate: expected a number greater than 0 and at most 1000000");
    expect((refusal(() => planner.plan({ noSuchFlag: 1 } as never)) as Error).message).toBe("noSuchFlag is not a field of a plan request.");
    expect((refusal(() => planner.plan({ help: true } as never)) as ChimeraforgeError).field).toBe("help");
    expect((refusal(() => planner.plan({ requestRate: "2" } as never)) as ChimeraforgeError).field).toBe("requestRate");
    expect((refusal(() => planner.predict(undefined as never)) as Error).message).toBe("expected a predict request as an object");
    expect((refusal(() => planner.plan({ hardware: "RTX 4091" })) as Error).message).toMatch(/^hardware 'RTX 4091' is not a known GPU/);
    await expect(createPlanner({ modelsPath: 42 } as never)).rejects.toThrow("modelsPath: expected a path");
    await expect(createPlanner({ modelsPath: "/no/such/file.json" })).rejects.toMatchObject({ code: "data_file", exitCode: 2 });
  });

  it("exports the request schemas", () => {
    expect(PlanRequestSchema.safeParse({ requestRate: 2, hardware: ["L4", "A10"] }).success).toBe(true);
    expect(PlanRequestSchema.safeParse({ listHardware: true }).success).toBe(false);
  });

  it("loads the catalog once, and says which laws it selects", async () => {
    const planner = await createPlanner();
    expect(planner.catalog.laws).toBe("physics");
    expect(planner.catalog.models.length).toBeGreaterThan(0);
    expect((await createPlanner({ modelsPath: "data/reference/fitted_models.tr133.json" })).catalog.laws).toBe("reference");
  });

  it("takes a calibration as a parsed object or a path, validated; its figures say calibrated", async () => {
    const { calibration } = fitFixtures(await defaultCatalog(), ["llama-bench/jsonl-rocm-radeon8060s-llama32-1b.jsonl"]);
    const request = { model: "llama3.2-1b", quant: "Q4_K_M", backend: "llama.cpp", hardware: "Radeon 8060S", gpuUsdPerHour: 1 };
    const planner = await createPlanner({ calibration });
    expect(planner.predict(request).provenance.throughput.source).toBe("calibrated");
    const dir = mkdtempSync(join(tmpdir(), "chimeraforge-library-"));
    try {
      const path = join(dir, "calibration.json");
      writeFileSync(path, JSON.stringify(calibration));
      expect((await createPlanner({ calibration: path })).predict(request)).toEqual(planner.predict(request));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(createPlanner({ calibration: { ...calibration, version: 2 } as never })).rejects.toMatchObject({ code: "invalid_field", field: "calibration.version" });
    await expect(createPlanner({ calibration: 7 } as never)).rejects.toThrow("calibration: expected a path or a calibration object");
  });
});
