import { isUtf8 } from "node:buffer";
import { relative, isAbsolute } from "node:path";
import { DataFileError } from "../errors.js";
import type { SchemaName, SchemaOutput } from "../schema/schemas.js";
import { validatedBytes } from "./validated-data.js";
import { readRegularFile, UnreadableFile } from "./read-regular-file.js";

/** The largest data file read: far above any shipped file, far below what would exhaust memory. */
const MAX_DATA_FILE_BYTES = 32 * 1024 * 1024;

/** A path as the user should see it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return path; // the working directory was deleted: there is nothing to be relative to
  }
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** Why a file cannot be read, in words. */
function readProblem(error: UnreadableFile): string {
  if (error.reason === "directory") return "is a directory";
  if (error.reason === "not_regular") return "not a regular file";
  if (error.reason === "too_large") return `${error.size} bytes, more than the ${MAX_DATA_FILE_BYTES} a data file may have`;
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EISDIR") return "is a directory";
  if (error.code === "EACCES" || error.code === "EPERM") return "permission denied";
  return error.code ?? "unreadable";
}

/** The bytes of a regular file of at most MAX_DATA_FILE_BYTES (see read-regular-file.ts), or a DataFileError naming the file. */
function readRegular(path: string, shown: string): Buffer {
  try {
    return readRegularFile(path, MAX_DATA_FILE_BYTES);
  } catch (error) {
    if (error instanceof UnreadableFile) throw new DataFileError(shown, `cannot read (${readProblem(error)})`);
    throw error;
  }
}

/** The bytes of a regular file, or undefined for anything that cannot be read that way (the caller then reads it loudly). */
export function readRegularFileQuietly(path: string): Buffer | undefined {
  try {
    return readRegularFile(path, MAX_DATA_FILE_BYTES);
  } catch {
    return undefined;
  }
}

/** The file's text: UTF-8, a leading byte-order mark dropped; UTF-16 and other encodings refused in one line. */
function decode(bytes: Buffer, shown: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0)) {
    throw new DataFileError(shown, "not UTF-8 text (it looks like UTF-16 or binary); save it as UTF-8");
  }
  // Checked natively: a TextDecoder with fatal: true costs milliseconds to create, most of a plan's budget.
  if (!isUtf8(bytes)) throw new DataFileError(shown, "not UTF-8 text; save it as UTF-8");
  return (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes).toString("utf8");
}

/** The offset V8 reports for a syntax error, or undefined when its message names none. */
function reportedOffset(message: string): number | undefined {
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined ? undefined : Number(position);
}

/**
 * Whether `prefix` could begin a valid JSON text: it parses, or fails only for running out. (Some V8
 * messages give no position, so the error's place is found by bisecting on this.)
 */
function viable(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const offset = reportedOffset(message);
    return message.startsWith("Unexpected end") || (offset !== undefined && offset >= prefix.length);
  }
}

/** Parses JSON; a syntax error names its line and column, never the file's contents. */
function parse(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if ((error as Error).message.startsWith("Unexpected end")) {
      throw new DataFileError(shown, "not valid JSON (it ends too early, or is empty)");
    }
    let offset = reportedOffset((error as Error).message);
    if (offset === undefined) {
      let low = 0;
      let high = text.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (viable(text.slice(0, mid + 1))) low = mid + 1;
        else high = mid;
      }
      offset = low;
    }
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    throw new DataFileError(shown, `not valid JSON (syntax error at line ${line}, column ${column})`);
  }
}

/** "a.b.0.c" for an issue path; "(top level)" for the root. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

/** Reads a text file (a benchmark's output): a regular file of at most MAX_DATA_FILE_BYTES, in UTF-8. */
export function readTextFile(path: string, label = displayPath(path)): string {
  return decode(readRegular(path, label), label);
}

/** Reads a JSON file (not validated): a config.json given on the command line, say. */
export function readJson(path: string, label = displayPath(path)): unknown {
  return parse(decode(readRegular(path, label), label), label);
}

/**
 * Reads a JSON data file and validates it with the named zod schema. A failure throws one DataFileError
 * naming the file (as `label`, default the path) and the first bad field's path. `shippedAs` is the file's
 * path under data/, whose build-time validation lets an unchanged file skip zod.
 */
export async function readJsonFile<N extends SchemaName>(
  path: string,
  schemaName: N,
  options: { shippedAs?: string; label?: string } = {},
): Promise<SchemaOutput<N>> {
  const label = options.label ?? displayPath(path);
  const bytes = readRegular(path, label);
  const validated = options.shippedAs === undefined ? undefined : validatedBytes(options.shippedAs);
  // The bytes the build validated need no second look: neither decoding checks nor zod.
  if (validated?.equals(bytes)) return JSON.parse(bytes.toString("utf8")) as SchemaOutput<N>;
  const data = parse(decode(bytes, label), label);
  const { validateData } = await import("../schema/validate.js");
  const result = validateData(schemaName, data);
  if (result.ok) return result.data;
  const { path: where, message, more } = result.problem;
  const tail = more > 0 ? ` (and ${more} more problem${more > 1 ? "s" : ""})` : "";
  throw new DataFileError(label, `${formatIssuePath(where)}: ${message}${tail}`);
}
