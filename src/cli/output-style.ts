import { PLAIN, type Paint } from "../render/paint.js";
import { useColor } from "./color.js";
import type { Io } from "./io.js";

/** How human output is drawn: colours (chalk is loaded only when colour is on) and the width to fit. */
export interface OutputStyle {
  paint: Paint;
  /** Terminal width when stdout is a terminal; otherwise tables are not narrowed. */
  columns: number | undefined;
}

/** The style for this run, decided once from --no-color, NO_COLOR, FORCE_COLOR and the terminal. */
export async function outputStyle(colorFlag: boolean, io: Io): Promise<OutputStyle> {
  const paint = useColor(colorFlag, io) ? (await import("../render/chalk-paint.js")).chalkPaint() : PLAIN;
  return { paint, columns: io.isTTY ? io.columns : undefined };
}
