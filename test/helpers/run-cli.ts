import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Io } from "../../src/cli/io.js";
import { main } from "../../src/main.js";
import { DATA_DIR } from "./catalog.js";

/** What a command printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in-process, with captured output (a terminal only if asked). */
export async function runInProcess(args: string[], io: Partial<Io> = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    columns: undefined,
    env: {},
    dataDir: DATA_DIR,
    ...io,
  });
  return { code, stdout, stderr };
}

/** The built CLI (npm test builds it before vitest runs). */
export const BUILT_CLI = fileURLToPath(new URL("../../dist/cli.cjs", import.meta.url));

/** Runs the built CLI as a user would, with NO_COLOR set unless `env` says otherwise. */
export function runBuilt(args: string[], env: Record<string, string | undefined> = { NO_COLOR: "1" }, cwd?: string): RunResult {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env },
    cwd,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
