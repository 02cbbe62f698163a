import type { Io } from "./io.js";

/** FORCE_COLOR values that force colour, and those that forbid it; any other value does not decide. */
const FORCE_ON = new Set(["", "1", "2", "3", "true"]);
const FORCE_OFF = new Set(["0", "false"]);

/**
 * Whether to colour output, decided once, first rule that applies: --color or --no-color (`flag`, the
 * later of the two); FORCE_COLOR (1, 2, 3, true or empty force colour, 0 or false forbid it); a non-empty
 * NO_COLOR; TERM=dumb; otherwise only when stdout is a terminal. FORCE_COLOR beats NO_COLOR as it does for
 * Node itself (tty.getColorDepth): it is the more specific request, usually from a tool that pipes output.
 */
export function useColor(flag: boolean | undefined, io: Pick<Io, "env" | "isTTY">): boolean {
  if (flag !== undefined) return flag;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && FORCE_ON.has(force)) return true;
  if (force !== undefined && FORCE_OFF.has(force)) return false;
  if (io.env.NO_COLOR) return false;
  if (io.env.TERM === "dumb") return false;
  return io.isTTY;
}
