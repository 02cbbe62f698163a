import { readFileSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { DERIVED } from "./src/data/derive-world.js";
import { DATA_FILES, SCHEMAS, type DataFile } from "./src/schema/schemas.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

/**
 * Validates every shipped data file against its schema (a data file that fails here fails the build) and
 * writes the bytes that passed of those a plan reads to dist/validated-data.bin, with the derived form of
 * the registry and the GPU database: a JSON index line { key: [offset, length] }, then the bytes. The CLI
 * skips zod, and the derivation, for a file whose bytes are still exactly these
 * (src/data/validated-data.ts); the measurement files, read only by validate and the fit, are validated
 * on every read.
 */
function writeValidatedData(): void {
  const parts: Buffer[] = [];
  const index: Record<string, [number, number]> = {};
  let offset = 0;
  for (const [name, schema] of Object.entries(DATA_FILES) as [DataFile, (typeof DATA_FILES)[DataFile]][]) {
    const path = `data/${name}`;
    const bytes = readFileSync(path);
    const result = SCHEMAS[schema].safeParse(JSON.parse(bytes.toString("utf8")));
    if (!result.success) throw new Error(`${path} does not match its schema: ${JSON.stringify(result.error.issues[0])}`);
    if (name.startsWith("measurements/")) continue;
    const add = (key: string, part: Buffer) => {
      index[key] = [offset, part.length];
      parts.push(part);
      offset += part.length;
    };
    add(name, bytes);
    const derive = DERIVED[name as keyof typeof DERIVED];
    if (derive) add(`${name}#derived`, Buffer.from(JSON.stringify(derive(result.data, path))));
  }
  writeFileSync("dist/validated-data.bin", Buffer.concat([Buffer.from(JSON.stringify(index) + "\n"), ...parts]));
}

export default defineConfig({
  entry: { cli: "src/bin.ts", main: "src/cli.ts", "fit-coefficients": "scripts/fit-coefficients.ts" },
  format: ["cjs"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  // One self-contained bundle, split only where a command needs less: resolving node_modules and
  // compiling unused code at start-up would cost more than the planner's arithmetic.
  noExternal: [/.*/],
  splitting: false,
  treeshake: true,
  minify: process.env.CHIMERAFORGE_NO_MINIFY === undefined,
  sourcemap: false,
  define: {
    __VERSION__: JSON.stringify(version),
    __BUILD_ID__: JSON.stringify(`${version}-${Date.now().toString(36)}`),

  },
  esbuildOptions(options) {
    // See src/lazy-child-process.cjs: commander's only use of child_process, loaded when used.
    options.alias = { "node:child_process": "./src/lazy-child-process.cjs" };
  },
  shims: true,
  onSuccess: async () => writeValidatedData(),
});
