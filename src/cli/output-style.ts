import { ANSI_PAINT } from "../render/ansi-paint.js";
import { PLAIN, type Paint } from "../render/paint.js";
import { useColor } from "./color.js";
import type { Io } from "./io.js";

/** How human output is drawn: colours and the width to fit. */
export interface OutputStyle {
  paint: Paint;
  /** The width tables fit: the terminal's, or 80 columns when stdout is not a terminal. */
  columns: number | undefined;
}

/** The width assumed when stdout is not a terminal (a file, a pipe): the classic terminal's. */
const DEFAULT_COLUMNS = 80;

/**
 * The style for this run, decided once from --color or --no-color (`colorFlag`, undefined for neither),
 * FORCE_COLOR, NO_COLOR, TERM and the terminal.
 */
export function outputStyle(colorFlag: boolean | undefined, io: Io): OutputStyle {
  return { paint: useColor(colorFlag, io) ? ANSI_PAINT : PLAIN, columns: tableWidth(io) };
}

/** The width tables fit: the terminal's, or DEFAULT_COLUMNS when stdout is not a terminal. */
export function tableWidth(io: Pick<Io, "isTTY" | "columns">): number {
  return io.isTTY ? (io.columns ?? DEFAULT_COLUMNS) : DEFAULT_COLUMNS;
}
