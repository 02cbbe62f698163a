import type { Command, Option } from "commander";

/** The flags `command` knows: its own, the program's, and both help options. */
function knownFlags(program: Command, command: Command): Set<string> {
  const options: Option[] = [program, command].flatMap((c) => c.createHelp().visibleOptions(c));
  return new Set(options.flatMap((option) => [option.long, option.short]).filter((flag) => flag !== undefined));
}

/**
 * Refuses a flag given where an option's value belongs (`plan --hardware -V`): Commander would take it as
 * the value (or run the program's --version), when the value was forgotten. Only a known flag is refused,
 * so a negative number still reaches the option's own parser, and `--hardware=-V` still means what it says.
 * Throws Commander's error for a missing argument, through `command.error` (exit code 2).
 */
export function refuseFlagValues(program: Command, argv: readonly string[]): void {
  const command = program.commands.find((c) => c.name() === argv[0]);
  if (!command) return;
  let known: Set<string> | undefined;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--") return;
    const option = command.options.find((o) => o.long === argv[i] || o.short === argv[i]);
    if (!option?.required) continue;
    const value = argv[i + 1];
    if (value === undefined) return; // Commander says it is missing
    known ??= knownFlags(program, command);
    if (known.has(value.split("=")[0]!)) {
      command.error(`error: option '${option.flags}' argument missing ('${value}' is a flag: give ${option.long ?? option.short} a value)`, {
        code: "commander.optionMissingArgument",
        exitCode: 2,
      });
    }
    i++;
  }
}
