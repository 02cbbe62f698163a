import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { SCHEMAS, type SchemaName, type SchemaOutput } from "./schemas.js";

/** The first problem zod found: where, and what. */
export interface SchemaProblem {
  path: readonly PropertyKey[];
  message: string;
  /** How many further problems there are. */
  more: number;
}

let english = false;

/** Validates data against a named schema: the typed data, or the first problem in English. */
export function validateData<N extends SchemaName>(
  name: N,
  data: unknown,
): { ok: true; data: SchemaOutput<N> } | { ok: false; problem: SchemaProblem } {
  const schema = SCHEMAS[name] as unknown as z.ZodMiniType<SchemaOutput<N>>;
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  if (!english) {
    // zod/mini carries no messages until a locale is configured; only a failure needs one.
    z.config(en());
    english = true;
    return validateData(name, data);
  }
  const [first, ...rest] = result.error.issues;
  return { ok: false, problem: { path: first?.path ?? [], message: first?.message ?? "invalid", more: rest.length } };
}
