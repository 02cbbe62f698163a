import type { Io } from "./io.js";

/** Writes exactly one JSON document to stdout. */
export function writeJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + "\n");
}
