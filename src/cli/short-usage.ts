import type { Command } from "commander";

/** What `chimeraforge` alone prints: how to call it, the commands, and where their flags are. */
export function shortUsage(program: Command): string {
  const name = program.name();
  return [
    `usage: ${name} <command> [options]`,
    "commands:",
    ...program.commands.map((command) => `  ${command.name()}`),
    `run '${name} <command> --help' for a command's flags, '${name} --help' for examples`,
    "",
  ].join("\n");
}
