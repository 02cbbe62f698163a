import { readFileSync } from "node:fs";
import { relative, isAbsolute } from "node:path";
import * as z from "zod/mini";
import { DataFileError } from "../errors.js";

/** A path as the user should see it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** Reads a file and parses it as JSON, or throws a DataFileError naming the file. */
function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code ?? String(error);
    throw new DataFileError(displayPath(path), `cannot read (${why})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataFileError(displayPath(path), `not valid JSON (${(error as Error).message})`);
  }
}

/** "a.b.0.c" for an issue path; "(top level)" for the root. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

let englishLoaded = false;

/**
 * Reads a JSON data file and validates it with `schema`. A failure throws one DataFileError naming the
 * file and the first bad field's path. zod/mini carries no messages; English is loaded only on failure.
 */
export async function readJsonFile<T>(path: string, schema: z.ZodMiniType<T>): Promise<T> {
  const data = readJson(path);
  let result = schema.safeParse(data);
  if (result.success) return result.data;
  if (!englishLoaded) {
    const { en } = await import("zod/locales");
    z.config(en());
    englishLoaded = true;
    result = schema.safeParse(data);
    if (result.success) return result.data;
  }
  const [first, ...rest] = result.error.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
  throw new DataFileError(displayPath(path), `${formatIssuePath(first?.path ?? [])}: ${first?.message ?? "invalid"}${more}`);
}
