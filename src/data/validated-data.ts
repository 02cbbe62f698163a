import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readRegularFileQuietly } from "./read-json-file.js";

/**
 * The bytes of each shipped data file as the build validated them (tsup.config.ts writes
 * dist/validated-data.bin beside the bundle). A file whose bytes are still exactly these is the file that
 * passed, and skips zod; an edited file, a --models-path file, or a run from source (tests) has no match
 * and is validated. Comparing bytes is native and exact, and keeps the texts out of the bundle.
 */
let blob: { index: Record<string, [number, number]>; bytes: Buffer } | null | undefined;

/** The validated bytes of `file` (its path under data/), if the build recorded them. */
export function validatedBytes(file: string): Buffer | undefined {
  if (blob === undefined) blob = load();
  const at = blob?.index[file];
  return blob && at ? blob.bytes.subarray(at[0], at[0] + at[1]) : undefined;
}

/** Reads the blob beside the bundle; none (a run from source) means every file is validated. */
function load(): typeof blob {
  try {
    const bytes = readFileSync(join(__dirname, "validated-data.bin"));
    const newline = bytes.indexOf(10);
    const index = JSON.parse(bytes.subarray(0, newline).toString("utf8")) as Record<string, [number, number]>;
    return { index, bytes: bytes.subarray(newline + 1) };
  } catch {
    return null;
  }
}

/**
 * The derived form the build recorded for a shipped data file (its model specs, its GPUs), when the file
 * at `path` still has exactly the bytes the build validated; undefined otherwise.
 */
export function shippedDerived(path: string, file: string): unknown {
  const validated = validatedBytes(file);
  const derived = validatedBytes(`${file}#derived`);
  if (!validated || !derived) return undefined;
  const bytes = readRegularFileQuietly(path);
  return bytes?.equals(validated) ? JSON.parse(derived.toString("utf8")) : undefined;
}
