import { beforeAll, describe, expect, it } from "vitest";
import { lookupGpu } from "../../src/core/hardware/gpu-lookup.js";
import type { Planner } from "../../src/core/planner/planner.js";
import { ChimeraforgeError } from "../../src/core/planner/errors.js";
import { plannerOf } from "../helpers/catalog.js";

let planner: Planner;
beforeAll(async () => {
  planner = await plannerOf("default");
});
const gpus = () => planner.catalog.gpus;
const names = (found: ReturnType<typeof lookupGpu>) =>
  found.kind === "found" ? [found.item.name] : found.kind === "ambiguous" ? found.matches.map((g) => g.name) : found.closest.map((g) => g.name);

describe("GPU names", () => {
  it("suggests by the digits first: 4091 is the RTX 4090, not the L40S, A40 or M1", () => {
    const found = lookupGpu(gpus(), "4091");
    expect(found.kind).toBe("unknown");
    expect(names(found)[0]).toBe("RTX 4090 24GB");
    for (const far of ["L40S 48GB", "A40 48GB", "Apple M1"]) expect(names(found)).not.toContain(far);
    expect(names(lookupGpu(gpus(), "RTX 4091"))[0]).toBe("RTX 4090 24GB");
    expect(names(lookupGpu(gpus(), "H10 80GB"))[0]).toBe("H100 SXM 80GB");
  });

  it("keeps a typo's brand: an AMD name suggests AMD cards", () => {
    const found = lookupGpu(gpus(), "Radeon 7900 XTY");
    expect(found.kind).toBe("unknown");
    expect(names(found)[0]).toBe("AMD Radeon RX 7900 XTX 24GB");
    const brands = found.kind === "unknown" ? found.closest.map((g) => g.platform) : [];
    expect(brands).toEqual(["amd", "amd", "amd"]);
  });

  it("lists a bare family name several GPUs share instead of picking one", () => {
    expect(lookupGpu(gpus(), "h100")).toMatchObject({ kind: "ambiguous" });
    expect(names(lookupGpu(gpus(), "H100")).sort()).toEqual(["H100 NVL 94GB", "H100 PCIe 80GB", "H100 SXM 80GB"]);
    expect(names(lookupGpu(gpus(), "H100 80GB")).sort()).toEqual(["H100 PCIe 80GB", "H100 SXM 80GB"]);
    expect(names(lookupGpu(gpus(), "A100 SXM")).sort()).toEqual(["A100 40GB SXM", "A100 80GB SXM"]);
    expect(names(lookupGpu(gpus(), "M3 Max")).sort()).toEqual(["Apple M3 Max (30-core GPU)", "Apple M3 Max (40-core GPU)"]);
  });

  it("resolves a name that says which variant, and a family with one member", () => {
    const one = (q: string) => {
      const found = lookupGpu(gpus(), q);
      expect(found.kind, q).toBe("found");
      return names(found)[0];
    };
    expect(one("H100 SXM")).toBe("H100 SXM 80GB");
    expect(one("H100 80GB HBM3")).toBe("H100 SXM 80GB");
    expect(one("h100 pcie")).toBe("H100 PCIe 80GB");
    expect(one("A100-SXM4-80GB")).toBe("A100 80GB SXM");
    expect(one("A100 40GB")).toBe("A100 40GB SXM");
    expect(one("M3 Max 40-core GPU")).toBe("Apple M3 Max (40-core GPU)");
    expect(one("M2 Max")).toBe("Apple M2 Max");
    // (plain "H200" names two cards since the H200 NVL joined: see the family test)
    expect(one("H200 SXM")).toBe("H200 SXM 141GB");
    expect(one("RTX 4080")).toBe("RTX 4080 16GB");
    expect(one("RTX 4080 12GB")).toBe("RTX 4080 Laptop 12GB");
    expect(one("RTX 3060")).toBe("RTX 3060 12GB");
    expect(one("L4")).toBe("L4 24GB");
    expect(one("A10")).toBe("A10 24GB");
  });

  it("says an ambiguous --hardware is ambiguous, naming every match", () => {
    const error = (() => {
      try {
        planner.plan({ hardware: "h100" });
      } catch (e) {
        return e as ChimeraforgeError;
      }
      throw new Error("h100 resolved");
    })();
    expect(error.code).toBe("ambiguous_name");
    expect(error.message).toContain('"H100 SXM 80GB"');
    expect(error.message).toContain('"H100 PCIe 80GB"');
  });
});

describe("backend and model aliases", () => {
  it("takes llamacpp, llama-cpp, trtllm, TRT-LLM and text-generation-inference", () => {
    for (const [alias, backend] of [
      ["llamacpp", "llama.cpp"],
      ["llama-cpp", "llama.cpp"],
      ["trtllm", "tensorrt-llm"],
      ["TRT-LLM", "tensorrt-llm"],
      ["text-generation-inference", "tgi"],
    ] as const) {
      const quant = backend === "llama.cpp" ? "Q4_K_M" : "FP16";
      expect(planner.predict({ model: "llama3.2-1b", quant, backend: alias, hardware: "RTX 4090 24GB" }).backend, alias).toBe(backend);
    }
    expect(planner.plan({ model: "llama3.2-1b", backend: "trtllm", hardware: "RTX 4090 24GB" }).scope.backends).toEqual(["tensorrt-llm"]);
  });

  it("takes the Llama 3.1 repositories' names from before Meta renamed them", () => {
    for (const [id, model] of [
      ["meta-llama/Meta-Llama-3.1-8B-Instruct", "llama3.1-8b"],
      ["meta-llama/Meta-Llama-3.1-70B-Instruct", "llama3.1-70b"],
      ["meta-llama/Meta-Llama-3.1-405B", "llama3.1-405b"],
    ] as const) {
      expect(planner.plan({ model: id, hardware: "H100 SXM", limit: 1 }).scope.models, id).toEqual([model]);
    }
  });

  it("suggests the nearest model numbers for an unknown model", () => {
    expect(() => planner.plan({ model: "llama3.1-9b" })).toThrow(/Closest: "llama3.1-8b"/);
  });
});
