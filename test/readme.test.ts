import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/run-cli.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");

/** The README shows real output: each example is what the CLI prints for that command line. */
describe("README", () => {
  it.each([
    [["plan"]],
    [["predict", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--concurrency", "8", "--request-rate", "3"]],
  ])("shows what `chimeraforge %j` prints", async (args) => {
    const { stdout } = await runInProcess(args);
    expect(readme).toContain(`$ chimeraforge ${args.join(" ")}\n${stdout}`);
  });

  it("has the two quick-start commands, and CI runs the test one", () => {
    expect(readme).toContain("npm install && npm run build && node dist/cli.cjs plan");
    expect(readme).toContain("npm install && npm test");
    expect(ci).toMatch(/^npm install && npm test$/m);
  });
});
