import { tempSuffix } from "./temp-suffix.js";
import { renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fieldError } from "../core/planner/errors.js";

/** Why a file cannot be written, in words. */
function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such directory";
  if (code === "ENOTDIR") return "a part of the path is not a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "read-only file system";
  if (code === "ENOSPC") return "no space left on the device";
  return code ?? "cannot write";
}

/** Refuses, before any work, a path the request field `field` names that cannot take a file: empty, or a directory. */
export function checkFilePath(path: string, field: string): void {
  if (path === "") throw fieldError("invalid_field", field, "names no file.", path);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Absent (it will be created) or unreachable (the write says why).
  }
  if (isDirectory || path.endsWith("/")) throw fieldError("invalid_field", field, "is a directory: give a file name (report.html, say).", path);
}

/**
 * Writes `text` to `path` whole or not at all: into a new file beside it, then renamed over it, so a
 * reader never sees half a file and a failed write leaves the old one. A failure is one ChimeraforgeError
 * naming `field`'s flag.
 */
export function writeFileAtomically(path: string, text: string, field: string): void {
  checkFilePath(path, field);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${tempSuffix()}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx", mode: 0o644 });
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    throw fieldError("invalid_field", field, `cannot be written (${writeProblem(error)}).`, path);
  }
}
