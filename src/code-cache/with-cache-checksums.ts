/** V8's setFlagsFromString. */
type SetFlags = (flags: string) => void;

/**
 * Runs `use` with V8 checksumming code caches: the cache it writes carries a checksum, and the cache it is
 * given is checked against its own. V8 otherwise trusts cached data, and a corrupted file crashes the
 * process (a fatal error or SIGSEGV); checked, it is rejected (cachedDataRejected) and the source compiled.
 * The flag is turned off again after `use`: while it differs from Node's start-up flags, V8 rejects the
 * code caches Node ships for its own modules too, and each one loaded costs three times as much.
 * Returns undefined, without running `use`, if the flag cannot be set.
 */
export function withCacheChecksums<T>(use: () => T): T | undefined {
  const setFlags = v8SetFlags();
  if (!setFlags) return undefined;
  try {
    setFlags("--verify-snapshot-checksum");
    return use();
  } finally {
    setFlags("--no-verify-snapshot-checksum");
  }
}

let setFlags: SetFlags | null | undefined;

/**
 * V8's setFlagsFromString. node:v8 would cost four milliseconds (it loads the stream modules); the binding
 * it wraps answers directly, its one-off deprecation warning held back. Should that binding ever go away,
 * node:v8 answers; null if neither does.
 */
function v8SetFlags(): SetFlags | null {
  if (setFlags !== undefined) return setFlags;
  const quiet = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const binding = (process as unknown as { binding(name: "v8"): { setFlagsFromString: SetFlags } }).binding("v8");
    setFlags = (flags) => binding.setFlagsFromString(flags);
  } catch {
    try {
      setFlags = (require("node:v8") as typeof import("node:v8")).setFlagsFromString;
    } catch {
      setFlags = null;
    }
  } finally {
    process.noDeprecation = quiet;
  }
  return setFlags;
}
