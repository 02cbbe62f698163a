// The MCP server (chimeraforge mcp): the planner's use cases as tools over stdio, with the official SDK.
// Built as its own bundle (dist/mcp.cjs, see tsup.config.ts) and loaded only by the mcp command, so the
// SDK never weighs on the other commands or on the library. It imports no code of the planner's: the
// command hands it the planner and the request schemas from the CLI's own bundle.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Planner } from "../core/planner/planner.js";
import type { ZodRequestSchemas } from "../core/planner/requests.js";

/** What the server serves: the planner, its request schemas (the tools' input schemas), and the version it says. */
export interface McpServerParts {
  planner: Planner;
  schemas: ZodRequestSchemas;
  version: string;
}

/**
 * Whether `error` is a refusal of bad input (a ChimeraforgeError). Known by its name: the planner comes
 * from the CLI's bundle, whose class this bundle does not share.
 */
function isRefusal(error: unknown): error is Error {
  return error instanceof Error && error.name === "ChimeraforgeError";
}

/** A use case's answer as a tool result: the JSON object itself, and its text for clients that read text. */
function answer(value: object): CallToolResult {
  return { structuredContent: value as Record<string, unknown>, content: [{ type: "text", text: JSON.stringify(value) }] };
}

/** Runs a use case: its answer, or a refusal (a ChimeraforgeError) as a tool error with its one-line message. */
function run(useCase: () => object): CallToolResult {
  try {
    return answer(useCase());
  } catch (error) {
    if (isRefusal(error)) return { isError: true, content: [{ type: "text", text: error.message }] };
    throw error; // a bug: the SDK turns it into a tool error with its message
  }
}

const SAME_AS_CLI = "The answer is the JSON the CLI prints with --json (the library's result).";

/**
 * A server with the tools plan, explain, predict, capacity, fleet, list_hardware and list_models over `planner`.
 * Each input schema is the use case's zod request schema; fields not given take the planner's defaults.
 */
export function createMcpServer({ planner, schemas, version }: McpServerParts): McpServer {
  const server = new McpServer({ name: "chimeraforge", version });
  const readOnly = { readOnlyHint: true, openWorldHint: false } as const;
  server.registerTool(
    "plan",
    {
      title: "Plan an LLM deployment",
      description:
        "The cheapest model, weight format, serving backend, GPUs per replica, replicas and concurrency that fit VRAM and meet the latency SLOs, the quality floor and the budget for a workload (request rate, prompt and output tokens) on one or several GPUs; ranked candidates with every prediction and its source. " +
        SAME_AS_CLI,
      inputSchema: schemas.plan,
      annotations: readOnly,
    },
    (request) => run(() => planner.plan(request)),
  );
  server.registerTool(
    "explain",
    {
      title: "Explain a plan",
      description: "A plan on one GPU with every rejected configuration (the gate that failed it, the value and the limit) and how far each constraint can go (one-field changes that admit a plan). " + SAME_AS_CLI,
      inputSchema: schemas.plan,
      annotations: readOnly,
    },
    (request) => run(() => planner.explain(request)),
  );
  server.registerTool(
    "predict",
    {
      title: "Predict one deployment",
      description:
        "Every prediction (VRAM, throughput, latency percentiles, quality, cost) for exactly one model, format, backend and GPU deployed as given (replicas, concurrency, GPUs per replica), and each gate's verdict with its margin. " +
        SAME_AS_CLI,
      inputSchema: schemas.predict,
      annotations: readOnly,
    },
    (request) => run(() => planner.predict(request)),
  );
  server.registerTool(
    "capacity",
    {
      title: "Capacity of one deployment",
      description:
        "How much one deployment carries within its SLOs: the highest request rate (max_request_rate, req/s), the most concurrent users of a closed loop (max_concurrent_users), what binds first (binding: latency, ttft, tpot, capacity, kv_cache, memory or context) and the full prediction at that rate. " +
        SAME_AS_CLI,
      inputSchema: schemas.capacity,
      annotations: readOnly,
    },
    (request) => run(() => planner.capacity(request)),
  );
  server.registerTool(
    "fleet",
    {
      title: "Plan over GPUs owned",
      description:
        'A plan over a fleet of GPUs owned (fleet: "2x RTX 4090,1x RTX A6000", or [{ gpu, count }]): for each model, the format and backend each group serves, its replicas, its share of the traffic (in proportion to what it carries within the SLOs) and whether the whole fleet meets the request rate; no price needed. ' +
        SAME_AS_CLI,
      inputSchema: schemas.plan,
      annotations: readOnly,
    },
    (request) => run(() => planner.fleet(request)),
  );
  server.registerTool(
    "list_hardware",
    {
      title: "List the GPUs",
      description: "The GPU database as { gpus: [...] }: memory, bandwidth, TFLOPS, link, and price per hour with its basis and source.",
      annotations: readOnly,
    },
    () => run(() => ({ gpus: planner.hardware() })),
  );
  server.registerTool(
    "list_models",
    {
      title: "List the models",
      description: "The model registry as { models: [...] }: parameters, KV cache per token, trained context, aliases and source.",
      annotations: readOnly,
    },
    () => run(() => ({ models: planner.models() })),
  );
  return server;
}

/** Serves the planner's tools over this process's stdin and stdout until stdin ends. */
export async function serveStdio(parts: McpServerParts): Promise<void> {
  const server = createMcpServer(parts);
  const transport = new StdioServerTransport();
  const ended = new Promise<void>((resolve) => process.stdin.once("end", resolve));
  await server.connect(transport);
  await ended;
  await server.close();
}
