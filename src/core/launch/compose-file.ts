/** A value a compose file holds: a scalar, a list, or a mapping (keys in order). */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** A scalar in YAML: strings double-quoted as JSON (valid YAML), numbers and booleans bare. */
function scalar(value: string | number | boolean | null): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Whether a value is a list of scalars, written on one line as a flow sequence. */
function flat(value: readonly YamlValue[]): boolean {
  return value.every((v) => v === null || typeof v !== "object");
}

/** `value` as YAML block lines at `indent` spaces. */
function lines(value: YamlValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (value === null || typeof value !== "object") return [pad + scalar(value)];
  if (!Array.isArray(value) && Object.keys(value).length === 0) return [pad + "{}"];
  if (Array.isArray(value)) {
    const list = value as readonly YamlValue[];
    if (flat(list)) return [pad + `[${list.map((v) => scalar(v as string | number | boolean | null)).join(", ")}]`];
    return list.flatMap((item) => {
      const [first = "", ...rest] = lines(item, indent + 2);
      return [pad + "- " + first.trimStart(), ...rest];
    });
  }
  return Object.entries(value as { readonly [key: string]: YamlValue }).flatMap(([key, item]) => {
    const name = /^[A-Za-z0-9_.-]+$/.test(key) ? key : JSON.stringify(key);
    if (item !== null && typeof item === "object" && !(Array.isArray(item) && flat(item)) && Object.keys(item).length > 0) {
      // A block mapping or a list of mappings: on the lines below the key.
      return [`${pad}${name}:`, ...lines(item, indent + 2)];
    }
    return [`${pad}${name}: ${lines(item, 0)[0]!}`];
  });
}

/** A docker compose file's text from its mapping (services, volumes), as YAML. */
export function composeFile(file: { readonly [key: string]: YamlValue }): string {
  return lines(file, 0).join("\n") + "\n";
}
