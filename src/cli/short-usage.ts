import type { Command } from "commander";

/** Columns the short usage wraps at. */
const WIDTH = 80;

/** A command's name and what it does, wrapped under a hanging indent. */
function commandLine(name: string, description: string, indent: number): string {
  const lines: string[] = [];
  let line = `  ${name.padEnd(indent - 2)}`;
  for (const word of description.split(/\s+/)) {
    if (line.trim() !== name && line.length + 1 + word.length > WIDTH) {
      lines.push(line.trimEnd());
      line = " ".repeat(indent);
    }
    line += line.endsWith(" ") ? word : ` ${word}`;
  }
  lines.push(line);
  return lines.join("\n");
}

/** What `chimeraforge` alone prints: how to call it, the commands and what each does, and where their flags are. */
export function shortUsage(program: Command): string {
  const name = program.name();
  const indent = 2 + Math.max(...program.commands.map((c) => c.name().length)) + 2;
  return [
    `usage: ${name} <command> [options]`,
    "commands:",
    ...program.commands.map((command) => commandLine(command.name(), command.description(), indent)),
    `run '${name} <command> --help' for a command's flags, '${name} --help' for examples`,
    "",
  ].join("\n");
}
