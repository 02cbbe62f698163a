import type { Launch, LaunchCommand } from "../core/launch/launch-types.js";
import type { Candidate } from "../core/planner/results.js";
import { shellWord } from "../core/launch/shell-line.js";
import { plural } from "./format.js";
import { paintFor, type Style } from "./paint.js";
import { paragraph } from "./table.js";
import { launchNoteText } from "./words.js";

/** The words of a command, each unit a flag with its value (or a leading word) kept on one line. */
function units(command: Pick<LaunchCommand, "env" | "argv">): string[] {
  const words = [...Object.entries(command.env).map(([k, v]) => `${k}=${shellWord(v)}`), ...command.argv.map(shellWord)];
  const out: string[] = [];
  let lead = true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith("-")) lead = false;
    if (lead) {
      out.push(word);
      continue;
    }
    const next = words[i + 1];
    if (word.startsWith("-") && next !== undefined && !next.startsWith("-")) {
      out.push(`${word} ${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/** A shell command folded to `width` with backslash continuations, a flag never parted from its value. */
function folded(command: Pick<LaunchCommand, "env" | "argv">, width: number | undefined, suffix = ""): string {
  const parts = units(command);
  if (width === undefined) return parts.join(" ") + suffix;
  const lines: string[] = [];
  let line = "";
  for (const part of parts) {
    const candidate = line === "" ? part : `${line} ${part}`;
    if (line !== "" && candidate.length > width - 2) {
      lines.push(line);
      line = `  ${part}`;
    } else line = candidate;
  }
  lines.push(line + suffix);
  return lines.join(" \\\n");
}

/** A file written by a here-document, in its directory. */
function heredoc(path: string, content: string): string {
  const dir = path.includes("/") ? `mkdir -p ${shellWord(path.slice(0, path.lastIndexOf("/")))}\n` : "";
  return `${dir}cat > ${shellWord(path)} <<'EOF'\n${content}EOF`;
}

/** The GPUs of a replica, for its comment. */
function gpusText(gpus: readonly number[]): string {
  return `${gpus.length === 1 ? "GPU" : "GPUs"} ${gpus.join(",")}`;
}

/**
 * A launch as a shell script (comments and commands only, so it can be saved and run): what it starts,
 * the files to write, then per replica a comment (its GPUs and port) and its server (backgrounded when
 * more commands follow) and client commands; with compose, the compose file and what to run once it is
 * written. Notes follow as comments.
 */
export function renderLaunch(launch: Launch, candidate: Pick<Candidate, "model" | "quant">, style: Style): string {
  const paint = paintFor(style.color);
  const width = style.columns;
  const servers = launch.commands.filter((c) => c.role === "server");
  const mode = launch.compose !== undefined ? ", docker compose" : "";
  const what = `${candidate.model} ${candidate.quant} on ${launch.backend} (${launch.version}), ${plural(servers.length, "replica")}${mode}`;
  const title = paint.bold(paragraph(what, width, "# Launch: ", "#   "));
  const blocks: string[] = [title];
  for (const file of launch.files) blocks.push(heredoc(file.path, file.content));
  if (launch.compose !== undefined) {
    blocks.push(heredoc("compose.yaml", launch.compose));
    blocks.push((launch.compose_commands ?? []).join("\n"));
  } else {
    launch.commands.forEach((command, i) => {
      const lines: string[] = [];
      if (command.role === "server") lines.push(paint.dim(`# replica ${command.replica + 1} of ${servers.length}: ${gpusText(command.gpus)}, port ${command.port}`));
      const more = i < launch.commands.length - 1 && command.role === "server";
      lines.push(folded(command, width, more ? " &" : ""));
      blocks.push(lines.join("\n"));
    });
  }
  const notes = launch.notes.map((n) => paint.dim(paragraph(launchNoteText(n), width, "# note: ", "#   ")));
  return [blocks.join("\n"), ...(notes.length > 0 ? [notes.join("\n")] : [])].join("\n") + "\n";
}
