import { Chalk } from "chalk";
import type { Paint } from "./paint.js";

/** Colours by chalk, at the basic 16-colour level every terminal has. */
export function chalkPaint(): Paint {
  const chalk = new Chalk({ level: 1 });
  return {
    bold: (t) => chalk.bold(t),
    dim: (t) => chalk.dim(t),
    good: (t) => chalk.green(t),
    warn: (t) => chalk.yellow(t),
    bad: (t) => chalk.red(t),
    accent: (t) => chalk.cyan(t),
  };
}
