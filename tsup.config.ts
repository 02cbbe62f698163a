import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { DATA_FILES, SCHEMAS, type DataFile } from "./src/schema/schemas.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

/**
 * Validates every shipped data file against its schema and records the text that passed, so the CLI can
 * skip zod for a file that has not changed since (src/data/read-json-file.ts). A data file that fails
 * here fails the build.
 */
function validatedTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, schema] of Object.entries(DATA_FILES) as [DataFile, (typeof DATA_FILES)[DataFile]][]) {
    const path = `data/${name}`;
    const text = readFileSync(path, "utf8");
    const result = SCHEMAS[schema].safeParse(JSON.parse(text));
    if (!result.success) throw new Error(`${path} does not match its schema: ${JSON.stringify(result.error.issues[0])}`);
    texts[name] = text;
  }
  return texts;
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
  minify: true,
  sourcemap: false,
  define: {
    __VERSION__: JSON.stringify(version),
    __BUILD_ID__: JSON.stringify(`${version}-${Date.now().toString(36)}`),
    __VALIDATED_TEXTS__: JSON.stringify(validatedTexts()),
  },
  esbuildOptions(options) {
    // cli-table3 measures every cell with string-width@4's emoji regex; see src/render/string-width.ts.
    options.alias = { "string-width": "./src/render/string-width-shim.cjs" };
  },
  shims: true,
});
