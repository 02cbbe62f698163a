import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";
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

/**
 * The MCP server (src/mcp/mcp-server.ts, with the SDK it bundles) is its own file, dist/mcp.cjs: the mcp
 * command's dynamic import of it becomes a require of that file, so the SDK is in no other bundle and
 * costs the other commands nothing, not even its bytes. A require, not an import(): Node 20 runs the CLI
 * bundle through vm.Script (src/code-cache/run-cached.ts), which has no dynamic import.
 */
const mcpApart: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "mcp-apart",
  setup(build) {
    build.onResolve({ filter: /\/mcp\/mcp-server\.js$/ }, (args) => (args.kind === "dynamic-import" ? { path: "mcp-server", namespace: "mcp-apart" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "mcp-apart" }, () => ({ contents: 'module.exports = require("./mcp.cjs");', loader: "js" }));
    build.onResolve({ filter: /^\.\/mcp\.cjs$/ }, () => ({ path: "./mcp.cjs", external: true }));
  },
};

/** What every build shares: one self-contained bundle per entry, for Node 20, with the build's constants. */
const shared = {
  platform: "node",
  target: "node20",
  // Resolving node_modules and compiling unused code at start-up would cost more than the planner's
  // arithmetic; and the installed package has no dependencies to resolve.
  noExternal: [/^(?!@colors\/colors)/],
  // cli-table3 colours heads and borders through @colors/colors when asked to; the tables never ask
  // (their style is plain), and its require sits in a try that falls back to plain text.
  external: ["@colors/colors/safe"],
  splitting: false,
  treeshake: true,
  sourcemap: false,
  define: {
    __VERSION__: JSON.stringify(version),
    __BUILD_ID__: JSON.stringify(`${version}-${Date.now().toString(36)}`),
  },
  // Keep "node:" in imports, so the alias below applies: tsup's default strips it first.
  removeNodeProtocol: false,
  esbuildOptions(options) {
    // See src/lazy-child-process.cjs: commander's only use of child_process, loaded when used.
    options.alias = { "node:child_process": "./src/lazy-child-process.cjs" };
  },
  esbuildPlugins: [
    {
      // chalk's colour detection would load node:os and node:tty at start-up; see src/render/no-color-detection.ts.
      name: "no-color-detection",
      setup(build) {
        build.onResolve({ filter: /^#supports-color$/ }, () => ({ path: resolve("src/render/no-color-detection.ts") }));
      },
    },
    {
      // cli-table3 measures every cell, word and line with string-width; see src/render/text-width.ts.
      name: "table-text-width",
      setup(build) {
        build.onResolve({ filter: /^string-width$/ }, (args) =>
          /[\\/]cli-table3[\\/]/.test(args.importer) ? { path: resolve("src/render/string-width-for-tables.cjs") } : undefined,
        );
      },
    },
  ],
  shims: true,
} satisfies Options;

// The builds run at once, so none uses tsup's `clean` on dist/ (each would empty it under the others).
// package.json's `files` names every file that ships, so nothing stale in dist/ can.
export default defineConfig([
  {
    ...shared,
    // The executable (src/bin.ts) and the whole CLI it loads, minified: start-up is most of a run; and
    // the MCP server apart (mcpApart).
    entry: { cli: "src/bin.ts", main: "src/cli.ts", mcp: "src/mcp/mcp-server.ts" },
    format: ["cjs"],
    esbuildPlugins: [...shared.esbuildPlugins, mcpApart],
    outDir: "dist",
    minify: process.env.CHIMERAFORGE_NO_MINIFY === undefined,
    onSuccess: async () => writeValidatedData(),
  },
  {
    ...shared,
    // The library (`import { plan } from "chimeraforge"`): ES module and its types. The bundled CommonJS
    // (commander) calls require, which an ES module has only if given one.
    entry: { index: "src/index.ts" },
    format: ["esm"],
    outDir: "dist",
    dts: true,
    banner: { js: 'import { createRequire as __chimeraforgeRequire } from "node:module"; const require = __chimeraforgeRequire(import.meta.url);' },
  },
  {
    ...shared,
    // npm run fit's script: a development tool, built outside dist/ so it never ships.
    entry: { "fit-coefficients": "scripts/fit-coefficients.ts" },
    format: ["cjs"],
    outDir: "build",
    clean: true,
  },
]);
