import { describe, expect, it } from "vitest";
import { ChimeraforgeError, explain, loadCatalog, plan, predict } from "../src/index.js";
import { runInProcess } from "./helpers/run-cli.js";

describe("the library", () => {
  it("plan() returns what plan --json prints, options being the flags in camelCase", async () => {
    const options = { hardware: "RTX 4090 24GB", requestRate: 2, modelSize: "3b", top: 3 };
    const cli = JSON.parse((await runInProcess(["plan", "--hardware", "RTX 4090 24GB", "--request-rate", "2", "--model-size", "3b", "--top", "3", "--json"])).stdout);
    expect(await plan(options)).toEqual(cli);
  });

  it("plan() with no options is the CLI's default plan", async () => {
    expect(await plan()).toEqual(JSON.parse((await runInProcess(["plan", "--json"])).stdout));
  });

  it("a list is a comma-separated flag, true a bare one", async () => {
    const cli = JSON.parse((await runInProcess(["plan", "--model", "llama3.2-1b,qwen2.5-1.5b", "--all", "--json"])).stdout);
    expect(await plan({ model: ["llama3.2-1b", "qwen2.5-1.5b"], all: true })).toEqual(cli);
  });

  it("predict() returns what predict --json prints", async () => {
    const args = ["--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--concurrency", "8"];
    const cli = JSON.parse((await runInProcess(["predict", ...args, "--json"])).stdout);
    expect(await predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 8 })).toEqual(cli);
  });

  it("explain() adds the rejections and suggestions", async () => {
    const out = await explain({ modelSize: "1b", latencySlo: 100 });
    expect(Object.keys(out)).toEqual(["candidates", "rejected", "suggestions"]);
  });

  it("bad input throws the CLI's one-line message and exit code, touching nothing", async () => {
    const error = await plan({ requestRate: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChimeraforgeError);
    expect((error as ChimeraforgeError).exitCode).toBe(2);
    expect((error as Error).message).toContain("--request-rate");
    await expect(plan({ noSuchFlag: 1 })).rejects.toThrow(/no-such-flag/);
  });

  it("loadCatalog() gives the validated data and the laws it selects", async () => {
    const catalog = await loadCatalog();
    expect(catalog.laws).toBe("physics");
    expect(catalog.models.length).toBeGreaterThan(0);
  });
});
