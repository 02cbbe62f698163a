import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeFile } from "../../src/core/launch/compose-file.js";
import type { LaunchShape } from "../../src/core/launch/launch-types.js";
import { memoryFraction } from "../../src/core/launch/memory-fraction.js";
import { shellLine, shellWord } from "../../src/core/launch/shell-line.js";
import { ChimeraforgeError, createPlanner, launch, predict } from "../../src/index.js";
import { DATA_DIR, plannerOf } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

/** A vLLM, SGLang or TensorRT-LLM candidate's shape on a GPU of `gpuGb`, with the plan's memory figures. */
async function shape(backend: string, memory: LaunchShape["memory"], tensorParallel = 1): Promise<LaunchShape> {
  const planner = await plannerOf("default");
  return {
    facts: planner.catalog.backendFacts.backends[backend]!,
    backend,
    model: { name: "m" },
    quant: { name: "FP16", format: "fp16" },
    replicas: 1,
    gpusPerReplica: tensorParallel,
    tensorParallel,
    expertParallel: 1,
    split: tensorParallel > 1 ? "tensor" : "none",
    concurrency: 8,
    contextTokens: 4096,
    kvDtype: "fp16",
    platform: "nvidia",
    memory,
  };
}

describe("the memory fraction a launch sets", () => {
  it("is what the plan needs of the fraction's base, rounded up to 0.01, at most the backend's default", async () => {
    const vllm = await shape("vllm", { gpuGb: 80, vramGb: 40.1, weightsGb: 30, kvCacheGb: 8 });
    expect(memoryFraction(vllm, vllm.facts.memory.fraction!)).toEqual({ value: 0.51, needed: 40.1 / 80, cap: 0.92 });
    const tight = await shape("vllm", { gpuGb: 24, vramGb: 23.96, weightsGb: 16.06, kvCacheGb: 6.74 });
    expect(memoryFraction(tight, tight.facts.memory.fraction!).value).toBe(0.92);
    // TensorRT-LLM: KV over what is free once the rest is loaded, 8 / (80 − 32) = 0.1667 → 0.17.
    const trt = await shape("tensorrt-llm", { gpuGb: 80, vramGb: 40, weightsGb: 30, kvCacheGb: 8 });
    expect(memoryFraction(trt, trt.facts.memory.fraction!).value).toBe(0.17);
    // TGI: of the total, default 1.0.
    const tgi = await shape("tgi", { gpuGb: 24, vramGb: 23.96, weightsGb: 16.06, kvCacheGb: 6.74 });
    expect(memoryFraction(tgi, tgi.facts.memory.fraction!).value).toBe(1);
  });

  it("for SGLang: weights and KV, capped at its computed default (80 GiB, tp 1: 0.5 + 1.5 MiB × 8192 + 0.125 + 2 MiB × 256 GiB reserved)", async () => {
    const sglang = await shape("sglang", { gpuGb: 80, vramGb: 79, weightsGb: 60, kvCacheGb: 15 });
    const choice = memoryFraction(sglang, sglang.facts.memory.fraction!, sglang.facts.memory.static_reserve);
    expect(choice.cap).toBe(Number(((80 - (0.5 + 12 + 0.125 + 0.5)) / 80).toFixed(3)));
    expect(choice.value).toBe(choice.cap);
    // A 24 GiB GPU at tp 4: chunked prefill 2048, decode graphs up to 80; below the 10 GiB floor's threshold.
    const small = await shape("sglang", { gpuGb: 24, vramGb: 10, weightsGb: 6, kvCacheGb: 2 }, 4);
    const cap = Number(((24 - (0.5 + 3 + 0.5 + 80 / 512)) / 24).toFixed(3));
    expect(memoryFraction(small, small.facts.memory.fraction!, small.facts.memory.static_reserve)).toEqual({ value: 0.34, needed: 8 / 24, cap });
  });
});

describe("shell lines and compose files", () => {
  it("quote only the words a shell would split or expand", () => {
    expect(shellWord("meta-llama/Llama-3.1-8B-Instruct")).toBe("meta-llama/Llama-3.1-8B-Instruct");
    expect(shellWord("a b")).toBe("'a b'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord("$HOME")).toBe("'$HOME'");
    expect(shellLine([["CUDA_VISIBLE_DEVICES", "0,1"]], ["vllm", "serve", "x"])).toBe("CUDA_VISIBLE_DEVICES=0,1 vllm serve x");
  });

  it("write YAML block mappings, flow lists of scalars and lists of mappings", () => {
    expect(composeFile({ services: { "a-0": { image: "x:1", command: ["--p", "1"], deploy: { devices: [{ driver: "nvidia", ids: ["0"] }] } } }, volumes: { v: {} } })).toBe(
      'services:\n  a-0:\n    image: "x:1"\n    command: ["--p", "1"]\n    deploy:\n      devices:\n        - driver: "nvidia"\n          ids: ["0"]\nvolumes:\n  v: {}\n',
    );
  });
});

describe("launch()", () => {
  it("starts a prediction from its own scope, and a plan's candidate from the plan's scope", async () => {
    const prediction = await predict({ model: "llama3.1-8b", quant: "FP8", backend: "vllm", hardware: "H100 SXM", replicas: 2, concurrency: 32 });
    const started = await launch(prediction);
    expect(started).toMatchObject({ backend: "vllm", version: "vLLM main @002f10e0" });
    expect(started.commands.map((c) => [c.port, c.gpus, c.env])).toEqual([
      [8000, [0], { CUDA_VISIBLE_DEVICES: "0" }],
      [8001, [1], { CUDA_VISIBLE_DEVICES: "1" }],
    ]);
    expect(started.commands[0]!.argv.slice(0, 3)).toEqual(["vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct"]);
    expect(started.compose).toBeUndefined();
    const planner = await createPlanner();
    const result = planner.plan({ model: "llama3.1-8b", hardware: "RTX 4090 24GB", backend: "llama.cpp", requestRate: 0.2 });
    const fromPlan = planner.launch(result.candidates[0]!, { scope: result.scope, compose: true, basePort: 9000 });
    expect(fromPlan.commands[0]!.port).toBe(9000);
    expect(fromPlan.compose).toMatch(/^ {4}ports: \["9000:8080"\]$/m);
  });

  it("refuses a candidate it cannot launch, naming the field", async () => {
    const planner = await createPlanner();
    const prediction = planner.predict({ model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "L4" });
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error as ChimeraforgeError;
      }
      throw new Error("did not throw");
    };
    expect(refused(() => planner.launch({ ...prediction, scope: undefined } as never)).message).toMatch(/^scope is missing/);
    expect(refused(() => planner.launch({ ...prediction, backend: "triton" })).message).toBe("backend 'triton' is not a backend of data/engines.json.");
    expect(refused(() => planner.launch({ ...prediction, concurrency: 0 })).field).toBe("concurrency");
    expect(refused(() => planner.launch(prediction, { scope: { ...prediction.scope, kv_dtype: "q4_0" } })).message).toBe("kvDtype 'q4_0' is not a KV cache type vllm stores.");
    expect(refused(() => planner.launch(prediction, { basePort: 65_536 })).field).toBe("basePort");
    expect(refused(() => planner.launch(prediction, { port: 1 } as never)).message).toBe("port is not an option of launch() (scope, compose, basePort).");
  });

  it("names a model the reference's registry has no Hugging Face id for by its name, with a note", async () => {
    const planner = await plannerOf("tr133");
    const result = planner.plan({ modelSize: "1b", hardware: "RTX 4080 12GB" });
    const candidate = result.candidates.find((c) => c.backend === "vllm")!;
    const started = planner.launch(candidate, { scope: result.scope });
    expect(started.commands[0]!.argv[2]).toBe(candidate.model);
    expect(started.notes).toContainEqual({ code: "no_hf_id", model: candidate.model });
  });

  it("writes a Modelfile for a model with no Ollama tag, and a YAML file for TensorRT-LLM's FP8 KV cache", async () => {
    const planner = await plannerOf("default");
    const ollama = planner.predict({ model: "qwen2.5-7b", quant: "Q4_K_M", backend: "ollama", hardware: "RTX 4090 24GB", concurrency: 4, contextLength: 2048 });
    const started = planner.launch(ollama, { scope: ollama.scope });
    expect(started.files).toEqual([{ path: "models/Modelfile", content: "FROM ./Qwen2.5-7B-Instruct-Q4_K_M.gguf\n" }]);
    expect(started.commands.map((c) => c.shell)).toEqual([
      "OLLAMA_HOST=127.0.0.1:11434 OLLAMA_NUM_PARALLEL=4 OLLAMA_CONTEXT_LENGTH=2048 OLLAMA_KV_CACHE_TYPE=f16 OLLAMA_KEEP_ALIVE=-1 ollama serve",
      "OLLAMA_HOST=127.0.0.1:11434 ollama create qwen2.5-7b -f models/Modelfile",
      "OLLAMA_HOST=127.0.0.1:11434 ollama run qwen2.5-7b ''",
    ]);
    const trt = planner.predict({ model: "llama3.1-8b", quant: "FP8", backend: "tensorrt-llm", hardware: "H100 SXM", concurrency: 64, kvDtype: "fp8" });
    const options = planner.launch(trt, { scope: trt.scope, compose: true });
    expect(options.files[0]!.content).toMatch(/^kv_cache_config:\n {2}dtype: fp8\n {2}free_gpu_memory_fraction: 0\.\d+\n$/);
    expect(options.commands[0]!.argv).toContain("--extra_llm_api_options");
    expect(options.compose).toContain('"./trtllm-options.yaml:/workspace/trtllm-options.yaml"');
  });
});

describe("--launch on the command line", () => {
  const plans: [string, string[]][] = [
    ["vllm", ["--model", "llama3.1-8b", "--hardware", "RTX 4090 24GB", "--request-rate", "2"]],
    ["sglang", ["--model", "llama3.1-8b", "--hardware", "H100 SXM", "--request-rate", "20"]],
    ["tgi", ["--model", "llama3.1-70b", "--hardware", "A100 80GB SXM", "--request-rate", "1", "--latency-slo", "30000"]],
    ["tensorrt-llm", ["--model", "llama3.1-8b", "--hardware", "H100 SXM", "--request-rate", "20", "--kv-dtype", "fp8"]],
    ["llama.cpp", ["--model", "llama3.1-8b", "--hardware", "RTX 4090 24GB", "--request-rate", "0.5", "--kv-dtype", "q8_0"]],
    ["ollama", ["--model", "llama3.1-8b", "--hardware", "RTX 4090 24GB", "--request-rate", "0.5"]],
  ];

  it.each(plans)("plan --backend %s --launch prints the commands instead of the tables; with compose --json, a launch field with the file", async (backend, args) => {
    const text = await runInProcess(["plan", "--backend", backend, ...args, "--launch"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^# Launch: llama3\\.1-(8|70)b \\S+ on ${backend.replace(".", "\\.")} \\(`));
    expect(text.stdout).not.toContain("Recommendation");
    // A shell script: sh parses it (without running it).
    expect(spawnSync("sh", ["-n"], { input: text.stdout }).status).toBe(0);
    const json = JSON.parse((await runInProcess(["plan", "--backend", backend, ...args, "--launch", "compose", "--json"])).stdout);
    expect(json.launch).toMatchObject({ backend, version: expect.any(String), commands: expect.any(Array), compose: expect.stringMatching(/^services:/) });
    expect(json.launch.commands.length).toBeGreaterThanOrEqual(json.candidates[0].replicas);
  });

  it("--launch compose prints the file as a here-document, then what to run", async () => {
    const compose = await runInProcess(["plan", "--backend", "ollama", ...plans[5]![1], "--launch", "compose"]);
    expect(compose.code).toBe(0);
    expect(spawnSync("sh", ["-n"], { input: compose.stdout }).status).toBe(0);
    expect(compose.stdout).toMatch(/^# Launch: llama3\.1-8b \S+ on ollama \(Ollama v[\d.]+\), \d+ replicas?,[\s#]+docker[\s#]+compose\ncat > compose\.yaml <<'EOF'\nservices:\n[\s\S]*\nEOF\ndocker compose up -d\ndocker compose exec ollama-0 ollama run llama3\.1:8b ''\n/);
  });

  it("on predict too; and says when a plan has nothing to launch", async () => {
    const predicted = await runInProcess(["predict", "--model", "llama3.1-8b", "--quant", "Q4_K_M", "--backend", "llama.cpp", "--hardware", "RTX 4090", "--concurrency", "4", "--context-length", "2048", "--launch"]);
    expect(predicted.stdout).toContain("llama-server -m ./models/Llama-3.1-8B-Instruct-Q4_K_M.gguf -c 8192 -np 4 \\\n  -ngl all --cache-type-k f16");
    const none = await runInProcess(["plan", "--model", "llama3.1-70b", "--hardware", "RTX 3060 12GB", "--tp", "1", "--launch", "--json"]);
    expect(JSON.parse(none.stdout).launch).toBeNull();
    const bad = await runInProcess(["plan", "--launch", "yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: option '--launch \[format\]' argument 'yaml' is invalid/);
  });
});

describe("data/engines.json", () => {
  it("must cover every backend, and map the planner's KV types to values the backend takes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chimeraforge-engines-"));
    try {
      cpSync(DATA_DIR, dir, { recursive: true });
      const path = join(dir, "engines.json");
      const original = readFileSync(path, "utf8");
      const edit = (change: (d: { backends: Record<string, { kv_cache_dtypes: { planner: Record<string, string> } }> }) => void) => {
        const data = JSON.parse(original);
        change(data);
        writeFileSync(path, JSON.stringify(data));
      };
      edit((d) => delete d.backends.sglang);
      expect((await runInProcess(["plan"], { dataDir: dir })).stderr).toMatch(/engines\.json: backends\.sglang: missing \(every backend in backends\.json needs one\)/);
      edit((d) => (d.backends.vllm!.kv_cache_dtypes.planner.fp8 = "fp9"));
      expect((await runInProcess(["plan"], { dataDir: dir })).stderr).toMatch(/engines\.json: backends\.vllm\.kv_cache_dtypes\.planner\.fp8: "fp9" is not one of its values/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
