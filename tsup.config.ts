import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  // One self-contained bundle: resolving node_modules at start-up costs more than the planner's arithmetic.
  noExternal: [/.*/],
  splitting: true,
  treeshake: true,
  minify: false,
  sourcemap: false,
  define: { __VERSION__: JSON.stringify(version) },
  // commander and cli-table3 are CommonJS and call require("node:events") etc.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
});
