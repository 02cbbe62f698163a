import { Chalk } from "chalk";

/** The few styles the reports use. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  warn(text: string): string;
  bad(text: string): string;
  accent(text: string): string;
}

/** How human output is drawn: whether in colour, and the width to fit. */
export interface Style {
  color: boolean;
  /** The width tables fit. */
  columns: number | undefined;
}

/**
 * The styles by chalk at the basic 16-colour level every terminal has, or none. The caller decides colour
 * once (cli/color.ts): chalk's own detection would ignore NO_COLOR and --no-color.
 */
export function paintFor(color: boolean): Paint {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return { bold: chalk.bold, dim: chalk.dim, good: chalk.green, warn: chalk.yellow, bad: chalk.red, accent: chalk.cyan };
}
