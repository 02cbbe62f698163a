#!/usr/bin/env node
// The executable: loads the CLI bundle (main.cjs) through a V8 code cache kept beside it, so a run after
// the first skips parsing and compiling most of it. Node 22 does this itself (module.enableCompileCache);
// Node 20 does not. The cache file is named after this build, this Node version and this architecture,
// and V8 rejects data from another V8 or other flags; an unwritable directory just means no cache.
// CHIMERAFORGE_CODE_CACHE=0 turns it off.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Unique per build (tsup.config.ts), so a cache never outlives the bundle it was made from. */
declare const __BUILD_ID__: string;

const bundle = join(__dirname, "main.cjs");
const cacheDir = join(__dirname, ".cache");
const cacheFile = join(cacheDir, `main-${__BUILD_ID__}-${process.version}-${process.arch}.v8`);
const useCache = process.env.CHIMERAFORGE_CODE_CACHE !== "0";

function readCache(): Buffer | undefined {
  if (!useCache) return undefined;
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (another run may be writing it too); failure only means no cache. */
function writeCache(script: Script): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // read-only install: run uncached
  }
}

const cachedData = readCache();
const source = readFileSync(bundle, "utf8");
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
});
if (useCache && (!cachedData || script.cachedDataRejected)) {
  // After the run, so the cache holds every function this run compiled.
  process.once("exit", () => writeCache(script));
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
