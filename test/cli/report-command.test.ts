import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "chimeraforge-report-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("plan --report", () => {
  it("writes the page, says so on stderr, and prints the plan as usual (JSON too)", async () => {
    const path = join(dir, "plan.html");
    const tables = await runInProcess(["plan", "--hardware", "RTX 4090 24GB", "--report", path]);
    expect(tables.code).toBe(0);
    expect(tables.stdout).toContain("Recommendation:");
    expect(tables.stderr).toMatch(/^note: wrote the report to .*plan\.html \(\d+ candidates on its frontier chart\)\.\n$/);
    const html = readFileSync(path, "utf8");
    expect(html).toContain("<h1>Capacity plan</h1>");
    expect(html).toContain("chimeraforge 0.0.0-test");

    const json = await runInProcess(["plan", "--hardware", "RTX 4090 24GB", "--json", "--report", path]);
    expect(JSON.parse(json.stdout).candidates[0].model).toBe(JSON.parse((await runInProcess(["plan", "--hardware", "RTX 4090 24GB", "--json"])).stdout).candidates[0].model);
    // Written over the old file through a new one renamed: nothing else is left beside it.
    expect(readdirSync(dir)).toEqual(["plan.html"]);
  });

  it("refuses a directory, a missing directory and an empty name in one line, exit 2, writing nothing", async () => {
    const sub = join(dir, "sub");
    mkdirSync(sub);
    for (const [path, why] of [
      [sub, "is a directory: give a file name (report.html, say)."],
      [`${sub}/`, "is a directory: give a file name (report.html, say)."],
      [join(dir, "missing", "plan.html"), "cannot be written (no such directory)."],
      ["", "names no file."],
    ] as const) {
      const { code, stdout, stderr } = await runInProcess(["plan", "--report", path]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`error: option '--report <file>' argument '${path}' ${why}\n`);
    }
    expect(readdirSync(sub)).toEqual([]);
  });

  it("says why a write fails (a file where a directory should be), as JSON with --json, and touches nothing", async () => {
    const blocked = join(dir, "blocked");
    writeFileSync(blocked, "a file, not a directory");
    const { code, stderr } = await runInProcess(["plan", "--json", "--report", join(blocked, "plan.html")]);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toEqual({ error: { code: "invalid_field", message: `option '--report <file>' argument '${join(blocked, "plan.html")}' cannot be written (a part of the path is not a directory).` } });
    expect(readFileSync(blocked, "utf8")).toBe("a file, not a directory");
  });
});
