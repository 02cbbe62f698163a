import { Option, type Command } from "commander";

/**
 * Gives a command that has --no-color its opposite, --color, listed beside it. Either flag decides (the
 * later one wins); with neither, `color` is undefined and the environment and the terminal decide
 * (useColor). Commander defaults a lone --no-color's value to true, which would hide that difference.
 */
export function pairColorFlags(command: Command): void {
  const options = command.options as Option[];
  const noColor = options.find((option) => option.long === "--no-color");
  if (!noColor || options.some((option) => option.long === "--color")) return;
  command.addOption(new Option("--color", "colour the output even when it is not a terminal"));
  options.splice(options.indexOf(noColor), 0, options.pop()!);
  command.setOptionValueWithSource("color", undefined, "default");
}
