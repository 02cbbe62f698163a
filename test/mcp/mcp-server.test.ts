import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/mcp/mcp-server.js";
import { ZOD_REQUEST_SCHEMAS } from "../../src/core/planner/requests.js";
import { createPlanner, type Planner } from "../../src/index.js";
import { plannerOf } from "../helpers/catalog.js";
import { BUILT_CLI } from "../helpers/run-cli.js";

const TOOLS = ["capacity", "explain", "fleet", "list_hardware", "list_models", "plan", "predict"];

/** A result as it crosses the wire: JSON, so no undefined fields. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** A tool's answer: its structured content, which its text says too. */
function answerOf(result: CallToolResult): unknown {
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  const text = result.content[0];
  expect(text?.type).toBe("text");
  expect(JSON.parse((text as { text: string }).text)).toEqual(result.structuredContent);
  return result.structuredContent;
}

let client: Client;
let library: Planner;
beforeAll(async () => {
  library = await createPlanner();
  const server = createMcpServer({ planner: await plannerOf("default"), schemas: ZOD_REQUEST_SCHEMAS, version: "0.0.0-test" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: "chimeraforge-test", version: "0.0.0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
});
afterAll(async () => {
  await client.close();
});

/** One request per tool, as the library takes it. */
const CALLS: { tool: string; request: Record<string, unknown>; answer: (p: Planner) => unknown }[] = [
  { tool: "plan", request: { modelSize: "8b", hardware: "RTX 4090 24GB", requestRate: 2, limit: 3, maxRate: true }, answer: (p) => p.plan({ modelSize: "8b", hardware: "RTX 4090 24GB", requestRate: 2, limit: 3, maxRate: true }) },
  { tool: "explain", request: { model: "llama3.2-1b", hardware: "RTX 4090 24GB", latencySloMs: 100 }, answer: (p) => p.explain({ model: "llama3.2-1b", hardware: "RTX 4090 24GB", latencySloMs: 100 }) },
  {
    tool: "predict",
    request: { model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 8 },
    answer: (p) => p.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 8 }),
  },
  {
    tool: "capacity",
    request: { model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM", ttftSloMs: 150 },
    answer: (p) => p.capacity({ model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM", ttftSloMs: 150 }),
  },
  {
    tool: "fleet",
    request: { model: "llama3.1-8b", fleet: "2x RTX 4090,1x RTX A6000", requestRate: 6 },
    answer: (p) => p.fleet({ model: "llama3.1-8b", fleet: "2x RTX 4090,1x RTX A6000", requestRate: 6 }),
  },
  { tool: "list_hardware", request: {}, answer: (p) => ({ gpus: p.hardware() }) },
  { tool: "list_models", request: {}, answer: (p) => ({ models: p.models() }) },
];

describe("chimeraforge mcp", () => {
  it("lists the seven tools, each input schema generated from its zod request", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const schema = (name: string) => tools.find((t) => t.name === name)!.inputSchema as { properties?: Record<string, unknown>; additionalProperties?: unknown };
    expect(Object.keys(schema("plan").properties ?? {})).toEqual(expect.arrayContaining(["modelSize", "hardware", "requestRate", "latencySloMs", "maxRate", "limit"]));
    expect(Object.keys(schema("capacity").properties ?? {})).toEqual(expect.arrayContaining(["model", "quant", "backend", "replicas", "tensorParallel", "ttftSloMs"]));
    expect(Object.keys(schema("capacity").properties ?? {})).not.toContain("requestRate");
    expect(schema("predict").properties?.["requestRate"]).toMatchObject({ type: "number" });
    expect(schema("plan").additionalProperties).toBe(false);
    for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
  });

  it("answers every tool as the library answers the same request", async () => {
    expect(CALLS.map((c) => c.tool).sort()).toEqual(TOOLS);
    for (const { tool, request, answer } of CALLS) {
      const result = (await client.callTool({ name: tool, arguments: request })) as CallToolResult;
      expect(answerOf(result), tool).toEqual(asJson(answer(library)));
    }
  });

  it("answers a refused request with a tool error naming the field, as the library refuses it", async () => {
    const refused = (await client.callTool({ name: "capacity", arguments: { model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM,L4" } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(() => library.capacity({ model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM,L4" })).toThrow((refused.content[0] as { text: string }).text);
    // A field out of its bounds is refused by the input schema before the planner runs.
    const bounded = (await client.callTool({ name: "plan", arguments: { requestRate: 0 } })) as CallToolResult;
    expect(bounded.isError).toBe(true);
    expect((bounded.content[0] as { text: string }).text).toMatch(/requestRate/);
  });
});

describe("chimeraforge mcp over stdio (the built CLI)", () => {
  it("starts, lists its tools and answers capacity as the library does", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BUILT_CLI, "mcp"], env: { PATH: process.env.PATH ?? "" }, stderr: "pipe" });
    const stdio = new Client({ name: "chimeraforge-test", version: "0.0.0" });
    await stdio.connect(transport);
    try {
      expect(stdio.getServerVersion()?.name).toBe("chimeraforge");
      expect((await stdio.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
      const capacity = CALLS.find((c) => c.tool === "capacity")!;
      const result = (await stdio.callTool({ name: "capacity", arguments: capacity.request })) as CallToolResult;
      expect(answerOf(result)).toEqual(asJson(capacity.answer(library)));
    } finally {
      await stdio.close();
    }
  });
});

describe("the MCP SDK", () => {
  it("is loaded by the mcp command only: plan --json never requires its bundle", () => {
    const dir = mkdtempSync(join(tmpdir(), "chimeraforge-mcp-"));
    try {
      // Says on stderr when anything requires the MCP bundle (dist/mcp.cjs).
      const hook = join(dir, "hook.cjs");
      writeFileSync(hook, `const M = require("node:module"); const load = M._load; M._load = function (request, ...rest) { if (/mcp\\.cjs$/.test(request)) process.stderr.write("required mcp.cjs\\n"); return load.call(this, request, ...rest); };`);
      const run = (args: string[]) => spawnSync(process.execPath, [BUILT_CLI, ...args], { encoding: "utf8", input: "", env: { PATH: process.env.PATH, NODE_OPTIONS: `--require ${hook}`, CHIMERAFORGE_CODE_CACHE: "0" } });
      const plan = run(["plan", "--json"]);
      expect(plan.status).toBe(0);
      expect(JSON.parse(plan.stdout).candidates.length).toBeGreaterThan(0);
      expect(plan.stderr).not.toContain("required mcp.cjs");
      // The same hook sees the mcp command require it (stdin at its end: the server stops).
      const mcp = run(["mcp"]);
      expect(mcp.status).toBe(0);
      expect(mcp.stderr).toContain("required mcp.cjs");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
