import type { Style } from "../render/paint.js";
import { useColor } from "./color.js";
import type { Io } from "./io.js";

/** The width assumed when stdout is not a terminal (a file, a pipe): the classic terminal's. */
const DEFAULT_COLUMNS = 80;

/**
 * The style for this run, decided once from --color or --no-color (`colorFlag`, undefined for neither),
 * FORCE_COLOR, NO_COLOR, TERM and the terminal.
 */
export function outputStyle(colorFlag: boolean | undefined, io: Io): Style {
  return { color: useColor(colorFlag, io), columns: tableWidth(io) };
}

/** The width tables fit: the terminal's, or DEFAULT_COLUMNS when stdout is not a terminal. */
export function tableWidth(io: Pick<Io, "isTTY" | "columns">): number {
  return io.isTTY ? (io.columns ?? DEFAULT_COLUMNS) : DEFAULT_COLUMNS;
}
