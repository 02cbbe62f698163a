import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/run-cli.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");

/** The README shows real output: each example is what the CLI prints for that command line. */
describe("README", () => {
  it.each([
    [["plan", "--model", "llama3.1-8b", "--hardware", "RTX 4090 24GB", "--prompt-tokens", "1000", "--avg-tokens", "200", "--request-rate", "2", "--latency-slo", "8000"]],
    [
      [
        "predict", "--model", "llama-3.1-70b", "--quant", "AWQ", "--backend", "vllm", "--hardware", "RTX 4090 24GB", "--tp", "4",
        "--prompt-tokens", "2000", "--avg-tokens", "300", "--concurrency", "4", "--request-rate", "0.15", "--latency-slo", "20000",
      ],
    ],
    [
      [
        "capacity", "--model", "llama3.1-8b", "--quant", "FP16", "--backend", "sglang", "--hardware", "RTX 4090 24GB", "--concurrency", "24",
        "--prompt-tokens", "1000", "--avg-tokens", "200", "--latency-slo", "8000",
      ],
    ],
    [
      [
        "predict", "--model", "gpt-oss-120b", "--quant", "MXFP4", "--backend", "vllm", "--hardware", "H100 SXM 80GB", "--prompt-tokens", "4096", "--prefix-cache-hit-rate", "0.8",
        "--avg-tokens", "300", "--reasoning-tokens", "1000", "--speculative", "eagle", "--compare-api", "--request-rate", "1", "--latency-slo", "60000",
      ],
    ],
    [["plan", "--model", "llama3.1-70b", "--hardware", "H100 SXM", "--request-rate", "12", "--prompt-tokens", "2000", "--avg-tokens", "300", "--latency-slo", "20000", "--launch"]],
  ])("shows what `chimeraforge %j` prints", async (args) => {
    const { stdout } = await runInProcess(args);
    const shown = args.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ");
    expect(readme).toContain(`$ chimeraforge ${shown}\n${stdout}`);
  });

  it("shows what calibrate prints, and predict with the calibration it wrote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chimeraforge-readme-"));
    try {
      const file = "test/fixtures/calibrate/llama-bench/jsonl-rocm-radeon8060s-llama32-1b.jsonl";
      const out = join(dir, "calibration.json");
      const calibrate = (await runInProcess(["calibrate", file, "--out", out])).stdout;
      // The README writes calibration.json; the test a temporary file: all but that last line is the same.
      const shown = calibrate.slice(0, calibrate.lastIndexOf("\nWrote ")) + "\nWrote calibration.json: use it with --calibration on plan, predict and validate.\n";
      expect(readme).toContain(`$ chimeraforge calibrate ${file} --out calibration.json\n${shown}`);
      const args = ["--model", "llama3.2-1b", "--quant", "Q4_K_M", "--backend", "llama.cpp", "--hardware", "Radeon 8060S", "--gpu-price", "1.5"];
      const more = ["--prompt-tokens", "4096", "--avg-tokens", "128", "--request-rate", "0.2"];
      const predict = (await runInProcess(["predict", ...args, ...more, "--calibration", out])).stdout;
      expect(readme).toContain(`$ chimeraforge predict ${args.join(" ").replace("Radeon 8060S", '"Radeon 8060S"')} ${more.join(" ")} --calibration calibration.json\n${predict}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows an MCP client's configuration that starts chimeraforge mcp", () => {
    const block = /```json\n(\{\n\s+"mcpServers"[\s\S]*?)```/.exec(readme);
    expect(JSON.parse(block![1]!)).toEqual({ mcpServers: { chimeraforge: { command: "npx", args: ["chimeraforge", "mcp"] } } });
  });

  it("has the two quick-start commands, and CI runs the test one", () => {
    expect(readme).toContain("npm ci && npm run build && node dist/cli.cjs plan");
    expect(readme).toContain("npm ci && npm test");
    expect(ci).toMatch(/^npm ci && npm test$/m);
  });
});
