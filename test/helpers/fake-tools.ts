import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A directory to put first on PATH, holding a script for each tool named that prints a recorded output
 * of test/fixtures/gpu-detect/ (whatever its arguments), or fails with `exit` and a message.
 */
export function fakeTools(tools: Record<string, string | { exit: number; stdout: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), "chimeraforge-tools-"));
  for (const [tool, what] of Object.entries(tools)) {
    let script: string;
    if (typeof what === "string") script = `#!/bin/sh\nexec /bin/cat '${fileURLToPath(new URL(`../fixtures/gpu-detect/${what}`, import.meta.url))}'\n`;
    else {
      writeFileSync(join(dir, `${tool}.out`), `${what.stdout}\n`);
      script = `#!/bin/sh\n/bin/cat '${join(dir, `${tool}.out`)}'\nexit ${what.exit}\n`;
    }
    writeFileSync(join(dir, tool), script);
    chmodSync(join(dir, tool), 0o755);
  }
  return dir;
}
