import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { readRegularFile } from "../data/read-regular-file.js";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { cacheLabel, openCache, sealCache } from "./cache-envelope.js";
import { withCacheChecksums } from "./with-cache-checksums.js";

/** Cache files of this executable, of any build; those not of this build are stale. */
const CACHE_FILE = /^main-.*\.v8(\.\d+\.tmp)?$/;

/**
 * Runs the CommonJS bundle through a V8 code cache kept in `directory` (Node 20; Node 22 has
 * module.enableCompileCache), so a run after the first skips parsing and compiling most of it. The file
 * is named after this build, this Node version and this architecture. A missing, torn or rejected cache
 * is written after the run; any file system error means a run without a cache.
 */
export function runCached(bundle: string, directory: string, buildId: string): void {
  const source = wrap(readFileSync(bundle, "utf8"));
  const name = `main-${buildId}-${process.version}-${process.arch}.v8`;
  const label = cacheLabel(buildId);
  const cachedData = readCache(join(directory, name), label);
  const script = withCacheChecksums(() => new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) }));
  if (!script) return runScript(new Script(source, { filename: bundle }), bundle);
  if (!cachedData || script.cachedDataRejected) {
    // After the run, so the cache holds every function this run compiled.
    process.once("exit", () => {
      const payload = withCacheChecksums(() => script.createCachedData());
      if (payload) writeCache(directory, name, sealCache(label, payload));
    });
  }
  runScript(script, bundle);
}

/** The bundle as a function of CommonJS's module variables, as Node's loader wraps it. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** Runs the wrapped bundle as the module at `bundle`. */
function runScript(script: Script, bundle: string): void {
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/** The largest cache file read: V8's cached data for the bundle is a few hundred KiB. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The cache's payload, if the file exists and its header is this build's with the right length. Read as
 * the data files are: a FIFO, a device (a link to /dev/zero) or a huge file is no cache, never a hang.
 */
function readCache(file: string, label: string): Buffer | undefined {
  try {
    return openCache(label, readRegularFile(file, MAX_CACHE_BYTES));
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache atomically (another run may be reading or writing it), then deletes other builds'
 * caches in the directory. Failure only means no cache.
 */
function writeCache(directory: string, name: string, bytes: Buffer): void {
  try {
    mkdirSync(directory, { recursive: true });
    const temporary = join(directory, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, bytes);
    renameSync(temporary, join(directory, name));
  } catch {
    return; // a read-only or full disk: run uncached next time too
  }
  try {
    for (const other of readdirSync(directory)) {
      if (other !== name && CACHE_FILE.test(other)) unlinkSync(join(directory, other));
    }
  } catch {
    // best effort: another run may have deleted one first
  }
}
