#!/usr/bin/env node
// The executable: loads the CLI bundle (main.cjs) through a code cache kept outside the package
// (src/code-cache/cache-directory.ts), so a run after the first skips parsing and compiling most of it.
// Node 22 keeps that cache itself (module.enableCompileCache); on Node 20 src/code-cache/run-cached.ts
// keeps one by hand. CHIMERAFORGE_CODE_CACHE=0 turns it off.
import { join } from "node:path";
import { cacheDirectory } from "./code-cache/cache-directory.js";
import { runCached } from "./code-cache/run-cached.js";

/** Unique per build (tsup.config.ts), so a cache never outlives the bundle it was made from. */
declare const __BUILD_ID__: string;

/** Node ≥ 22.1's own compile cache, which checks what it reads. */
type EnableCompileCache = (directory?: string) => unknown;

/**
 * How much a function runs before V8 tiers it up, four times its default (132 KB of bytecode budget): a
 * run lasts a fraction of a second, and the simulator's loop was compiled by TurboFan, discarded, compiled
 * again, and waited for at exit. A default plan takes 0.88× the wall time and 0.76× the CPU; the longest
 * runs (plan --model-size all --explain) no more.
 */
const INTERRUPT_BUDGET = 4 * 132 * 1024;

(require("node:v8") as typeof import("node:v8")).setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
const bundle = join(__dirname, "main.cjs");
const cached = process.env.CHIMERAFORGE_CODE_CACHE !== "0";
const directory = cached ? cacheDirectory(process.env) : undefined;
const { enableCompileCache } = require("node:module") as { enableCompileCache?: EnableCompileCache };
if (cached && enableCompileCache) {
  // Without a directory of ours, Node's default (NODE_COMPILE_CACHE, else the temporary directory).
  enableCompileCache(directory);
  require(bundle);
} else if (directory !== undefined) {
  runCached(bundle, directory, __BUILD_ID__);
} else {
  require(bundle);
}
