import { UsageError } from "../errors.js";

/** The entry a flag names, matched exactly ignoring case, or a UsageError listing the valid names. */
export function resolveName<T extends { name: string }>(items: readonly T[], flag: string, value: string, what: string): T {
  const found = items.find((i) => i.name.toLowerCase() === value.trim().toLowerCase());
  if (found) return found;
  throw new UsageError(
    `option '${flag}' argument '${value}' is not a known ${what}. Valid: ${items.map((i) => i.name).join(", ")}.`,
  );
}
