import { readFileSync } from "node:fs";
import { relative, isAbsolute } from "node:path";
import { DataFileError } from "../errors.js";
import type { SchemaName, SchemaOutput } from "../schema/schemas.js";

/**
 * The text of each data file as shipped, validated against its schema when the CLI was built
 * (tsup.config.ts). A file whose text is still exactly that is the file that passed; any other text,
 * an edited data file or a `--models-path` file, is validated now. Comparing strings is native and
 * exact, where hashing the text in JavaScript cost a millisecond of start-up.
 */
declare const __VALIDATED_TEXTS__: Readonly<Record<string, string>>;

/** A path as the user should see it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** Reads a file as text, or throws a DataFileError naming it. */
function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code ?? String(error);
    throw new DataFileError(displayPath(path), `cannot read (${why})`);
  }
}

/** "a.b.0.c" for an issue path; "(top level)" for the root. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

/**
 * Reads a JSON data file and validates it with the named zod schema. A failure throws one DataFileError
 * naming the file and the first bad field's path.
 */
export async function readJsonFile<N extends SchemaName>(path: string, schemaName: N): Promise<SchemaOutput<N>> {
  const text = readText(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(displayPath(path), `not valid JSON (${(error as Error).message})`);
  }
  if (__VALIDATED_TEXTS__[schemaName] === text) return data as SchemaOutput<N>;
  return validate(path, schemaName, data);
}

/** Validates parsed data with zod, loaded only now: a changed or user-supplied file. */
async function validate<N extends SchemaName>(path: string, schemaName: N, data: unknown): Promise<SchemaOutput<N>> {
  const { validateData } = await import("../schema/validate.js");
  const result = validateData(schemaName, data);
  if (result.ok) return result.data;
  const { path: where, message, more } = result.problem;
  const tail = more > 0 ? ` (and ${more} more problem${more > 1 ? "s" : ""})` : "";
  throw new DataFileError(displayPath(path), `${formatIssuePath(where)}: ${message}${tail}`);
}
