import { describe, expect, it } from "vitest";
import type { BackendFacts } from "../../src/core/catalog/types.js";
import type { Launch } from "../../src/core/launch/launch-types.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import type { Candidate, Scope } from "../../src/core/planner/results.js";
import { plannerOf } from "../helpers/catalog.js";

/** Which flag (or variable) carries each planned value, per backend: the test's own reading of each backend's docs. */
const CARRIES: Record<string, { tensorParallel?: string; expertParallel?: string; maxSequences: string; context: string; fraction?: string }> = {
  vllm: { tensorParallel: "--tensor-parallel-size", expertParallel: "--enable-expert-parallel", maxSequences: "--max-num-seqs", context: "--max-model-len", fraction: "--gpu-memory-utilization" },
  sglang: {
    tensorParallel: "--tensor-parallel-size",
    expertParallel: "--expert-parallel-size",
    maxSequences: "--max-running-requests",
    context: "--context-length",
    fraction: "--mem-fraction-static",
  },
  tgi: { tensorParallel: "--num-shard", maxSequences: "--max-concurrent-requests", context: "--max-total-tokens", fraction: "--cuda-memory-fraction" },
  "tensorrt-llm": { tensorParallel: "--tp_size", expertParallel: "--ep_size", maxSequences: "--max_batch_size", context: "--max_seq_len", fraction: "--kv_cache_free_gpu_memory_fraction" },
  "llama.cpp": { maxSequences: "-np", context: "-c" },
  ollama: { maxSequences: "OLLAMA_NUM_PARALLEL", context: "OLLAMA_CONTEXT_LENGTH" },
};

/** Plans that between them give every backend one GPU and several, one replica and several, each KV type it stores. */
const PLANS: PlanRequest[] = [
  { model: "llama3.1-8b", hardware: "RTX 4090 24GB", requestRate: 2, promptTokens: 1000, outputTokens: 200, latencySloMs: 30_000 },
  { model: "llama3.1-8b", hardware: "H100 SXM", requestRate: 40, promptTokens: 2000, outputTokens: 300, latencySloMs: 60_000, kvDtype: "fp8" },
  { model: "llama3.1-70b", hardware: "RTX 4090 24GB", requestRate: 0.1, promptTokens: 1000, outputTokens: 200, latencySloMs: 120_000 },
  { model: "qwen2.5-7b", hardware: "AMD MI300X", requestRate: 30, promptTokens: 500, outputTokens: 500, latencySloMs: 60_000 },
  { model: "llama3.1-8b", hardware: "RTX 4090 24GB", requestRate: 0.5, promptTokens: 6000, outputTokens: 2000, latencySloMs: 300_000, kvDtype: "q8_0" },
  { model: "qwen3-8b", hardware: "RTX 4090 24GB", requestRate: 1, contextLength: 16_000, outputTokens: 400, latencySloMs: 120_000, kvDtype: "q4_0" },
  { model: "qwen3-235b-a22b", hardware: "H100 SXM", requestRate: 2, promptTokens: 1000, outputTokens: 200, latencySloMs: 60_000, tensorParallel: 4, expertParallel: true },
];

/** Every spelling a backend's documented version accepts, and those it removed. */
function spellings(facts: BackendFacts): { accepted: Map<string, string>; removed: Set<string> } {
  const accepted = new Map<string, string>();
  for (const [name, flag] of Object.entries(facts.flags)) {
    accepted.set(name, name);
    for (const alias of flag.aliases ?? []) accepted.set(alias, name);
  }
  return { accepted, removed: new Set(Object.keys(facts.removed ?? {}).flatMap((k) => k.split(" / "))) };
}

/** Whether `value` is one `takes` allows ("int", "float", "string", "enum:a,b", "int | auto | all", ...). */
function takes(spec: string, value: string): boolean {
  const enumMatch = /^enum:([^ ]+)/.exec(spec);
  if (enumMatch) return enumMatch[1]!.split(",").includes(value);
  if (spec === "int") return /^-?\d+$/.test(value);
  if (spec === "float") return Number.isFinite(Number(value)) && value.trim() !== "";
  if (spec.startsWith("int | ")) return /^-?\d+$/.test(value) || spec.slice(6).split(" | ").includes(value);
  if (spec.startsWith("string")) return value.length > 0;
  return false;
}

/** The flags of an argv after the command (and a positional model): each with its value, or none for a switch. */
function flagsOf(argv: readonly string[], facts: BackendFacts, start: number): { flag: string; value: string | undefined }[] {
  const out: { flag: string; value: string | undefined }[] = [];
  for (let i = start; i < argv.length; i++) {
    const flag = argv[i]!;
    expect(flag, `${argv.join(" ")}: a word where a flag belongs`).toMatch(/^-/);
    const canonical = spellings(facts).accepted.get(flag);
    const bool = canonical !== undefined && facts.flags[canonical]!.takes === "bool-switch";
    const value = bool ? undefined : argv[++i];
    out.push({ flag, value });
  }
  return out;
}

/** The launches of each plan's top candidate on `backend`, with the candidate and scope each came from. */
async function launches(backend: string, compose: boolean) {
  const planner = await plannerOf("default");
  const found: { candidate: Candidate; scope: Scope; launch: Launch }[] = [];
  for (const request of PLANS) {
    if (!planner.catalog.backends.find((b) => b.name === backend)?.kv_dtypes?.includes(request.kvDtype ?? "fp16")) continue;
    let result;
    try {
      result = planner.plan({ ...request, backend, limit: 3 });
    } catch {
      continue; // a backend that does not serve the GPU or KV type: nothing to launch
    }
    for (const candidate of result.candidates) found.push({ candidate, scope: result.scope, launch: planner.launch(candidate, { scope: result.scope, compose }) });
  }
  return found;
}

/** The commands a compose file's services run, parsed from its flow sequences. */
function composeCommands(compose: string): string[][] {
  return [...compose.matchAll(/^ {4}command: (\[.*\])$/gm)].map((m) => JSON.parse(m[1]!) as string[]);
}

describe("launch commands against data/engines.json", () => {
  it.each(Object.keys(CARRIES))("%s: every flag and variable exists at the documented version, and the values are the plan's", async (backend) => {
    const planner = await plannerOf("default");
    const facts = planner.catalog.backendFacts.backends[backend]!;
    const { accepted, removed } = spellings(facts);
    const visibility = Object.values(planner.catalog.backendFacts.device_visibility).map((v) => v.variable);
    const carries = CARRIES[backend]!;
    const found = await launches(backend, false);
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found.some(({ candidate }) => candidate.replicas * candidate.gpus_per_replica > 1)).toBe(true);
    let checked = 0;
    for (const { candidate, scope, launch } of found) {
      const servers = launch.commands.filter((c) => c.role === "server");
      expect(servers).toHaveLength(candidate.replicas);
      expect(new Set(servers.map((s) => s.port)).size).toBe(candidate.replicas);
      expect(new Set(servers.flatMap((s) => s.gpus)).size).toBe(candidate.replicas * candidate.gpus_per_replica);
      for (const command of launch.commands) {
        for (const name of Object.keys(command.env)) {
          expect(visibility.includes(name) || Object.hasOwn(facts.environment ?? {}, name), `${backend}: ${name}`).toBe(true);
          checked++;
        }
        if (command.role === "client") {
          // Ollama's client: `ollama run <name> ""` (a preload), or `ollama create <name> -f <Modelfile>`.
          const { run, create } = facts.client!;
          if (run.every((w, i) => command.argv[i] === w)) expect(command.argv.slice(run.length + 1)).toEqual([""]);
          else {
            expect(command.argv.slice(0, create.length)).toEqual(create);
            for (const { flag } of flagsOf(command.argv, facts, create.length + 1)) expect(accepted.has(flag), `${backend}: ${flag}`).toBe(true);
          }
          continue;
        }
        expect(command.argv.slice(0, facts.command.length)).toEqual(facts.command);
        const positional = facts.model.how === "positional" ? 1 : 0;
        if (positional) expect(command.argv[facts.command.length]).toBe(planner.catalog.models.find((m) => m.name === candidate.model)!.hfId);
        const values = new Map<string, string | undefined>(Object.entries(command.env));
        for (const { flag, value } of flagsOf(command.argv, facts, facts.command.length + positional)) {
          const canonical = accepted.get(flag);
          expect(canonical, `${backend}: ${flag} is not a flag of ${facts.version}`).toBeDefined();
          expect(removed.has(flag), `${backend}: ${flag} was removed`).toBe(false);
          if (value !== undefined) expect(takes(facts.flags[canonical!]!.takes, value), `${backend}: ${flag} ${value} (takes ${facts.flags[canonical!]!.takes})`).toBe(true);
          values.set(flag, value);
          checked++;
        }
        const number = (flag: string) => Number(values.get(flag));
        if (carries.tensorParallel) expect(number(carries.tensorParallel)).toBe(candidate.tensor_parallel);
        else {
          expect(candidate.tensor_parallel).toBe(1);
          if (backend === "llama.cpp" && candidate.gpus_per_replica > 1) {
            expect(values.get("--split-mode")).toBe("layer");
            expect(values.get("-ts")!.split(",")).toHaveLength(candidate.gpus_per_replica);
          }
        }
        // Expert parallelism: a switch (its size is the tensor split's) or a size, only where planned.
        if (carries.expertParallel) {
          const flag = carries.expertParallel;
          if (candidate.expert_parallel > 1) expect(values.has(flag) && (values.get(flag) === undefined || number(flag) === candidate.expert_parallel), `${backend}: ${flag}`).toBe(true);
          else expect(values.has(flag)).toBe(false);
        }
        expect(number(carries.maxSequences)).toBeGreaterThanOrEqual(candidate.concurrency);
        // llama.cpp splits -c over its -np slots; everyone else takes the context of one request.
        const perSequence = backend === "llama.cpp" ? number("-c") / number("-np") : number(carries.context);
        expect(perSequence).toBeGreaterThanOrEqual(scope.prompt_tokens + scope.output_tokens);
        if (carries.fraction) {
          const fraction = number(carries.fraction);
          expect(fraction).toBeGreaterThan(0);
          expect(fraction).toBeLessThanOrEqual(facts.memory.fraction!.max);
          const capped = launch.notes.some((n) => n.code === "memory_above_default");
          if (!capped && facts.memory.fraction!.of === "total") expect(fraction).toBeGreaterThanOrEqual(candidate.vram_gb / scope.hardware.find((h) => h.name === candidate.hardware)!.memory_gb - 1e-9);
        }
      }
    }
    expect(checked).toBeGreaterThan(found.length * 3);
  });

  it.each(Object.keys(CARRIES))("%s: the compose file runs the same flags, one service per replica on its own GPUs and port", async (backend) => {
    const planner = await plannerOf("default");
    const facts = planner.catalog.backendFacts.backends[backend]!;
    const { accepted } = spellings(facts);
    const found = await launches(backend, true);
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const { candidate, launch } of found) {
      const compose = launch.compose!;
      expect(compose).toMatch(/^services:\n/);
      expect([...compose.matchAll(/^ {2}[a-z0-9-]+-\d+:$/gm)]).toHaveLength(candidate.replicas);
      expect([...compose.matchAll(/^ {4}ports: \["(\d+):\d+"\]$/gm)].map((m) => m[1])).toEqual(launch.commands.filter((c) => c.role === "server").map((c) => String(c.port)));
      if (facts.docker.entrypoint === "serve") expect(compose).not.toMatch(/command:/);
      else {
        const commands = composeCommands(compose);
        expect(commands).toHaveLength(candidate.replicas);
        for (const argv of commands) {
          const start = facts.docker.entrypoint === "command" ? facts.command.length : 0;
          const positional = facts.model.how === "positional" ? 1 : 0;
          for (const { flag } of flagsOf(argv, facts, start + positional)) expect(accepted.has(flag), `${backend}: ${flag}`).toBe(true);
        }
      }
      if (facts.docker.ipc_host) expect(compose).toMatch(/^ {4}ipc: "host"$/m);
      expect(launch.compose_commands?.[0]).toBe("docker compose up -d");
    }
  });
});
