import type { Paint } from "./paint.js";

/** Wraps text in an SGR escape and its reset. */
const sgr = (on: number, off: number) => (text: string) => `\u001b[${on}m${text}\u001b[${off}m`;

/** Colours by plain ANSI escapes, at the basic 16-colour level every terminal has. */
export const ANSI_PAINT: Paint = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  good: sgr(32, 39),
  warn: sgr(33, 39),
  bad: sgr(31, 39),
  accent: sgr(36, 39),
};
