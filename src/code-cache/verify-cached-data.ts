/** The V8 flag that makes V8 checksum the cached data it writes and check the sum of what it is given. */
const FLAG = "--verify-snapshot-checksum";

/**
 * Turns on V8's checksum of code caches, for the cache written and the one read; returns whether it is on.
 * Without it V8 trusts cached data, and a corrupted file crashes the process (a fatal error or SIGSEGV);
 * with it, V8 rejects the file (cachedDataRejected) and compiles from source, for about a millisecond.
 * node:v8 would cost four (it loads the stream modules); the binding it wraps answers directly, and its
 * one-off deprecation warning is held back. Should that binding ever go away, node:v8 answers.
 */
export function verifyCachedData(): boolean {
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    (process as unknown as { binding(name: "v8"): { setFlagsFromString(flag: string): void } }).binding("v8").setFlagsFromString(FLAG);
    return true;
  } catch {
    try {
      (require("node:v8") as typeof import("node:v8")).setFlagsFromString(FLAG);
      return true;
    } catch {
      return false;
    }
  } finally {
    process.noDeprecation = quiet;
  }
}
