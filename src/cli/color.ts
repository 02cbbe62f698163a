import type { Io } from "./io.js";

/**
 * Whether to colour output, decided once: never with --no-color or NO_COLOR, always with FORCE_COLOR,
 * otherwise only when stdout is a terminal.
 */
export function useColor(flag: boolean, io: Pick<Io, "env" | "isTTY">): boolean {
  if (!flag) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return io.isTTY;
}
