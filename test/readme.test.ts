import { readFileSync } from "node:fs";
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
    [["plan", "--model", "llama3.1-70b", "--hardware", "H100 SXM", "--request-rate", "12", "--prompt-tokens", "2000", "--avg-tokens", "300", "--latency-slo", "20000", "--launch"]],
  ])("shows what `chimeraforge %j` prints", async (args) => {
    const { stdout } = await runInProcess(args);
    const shown = args.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ");
    expect(readme).toContain(`$ chimeraforge ${shown}\n${stdout}`);
  });

  it("has the two quick-start commands, and CI runs the test one", () => {
    expect(readme).toContain("npm ci && npm run build && node dist/cli.cjs plan");
    expect(readme).toContain("npm ci && npm test");
    expect(ci).toMatch(/^npm ci && npm test$/m);
  });
});
