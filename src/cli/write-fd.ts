import { writeSync } from "node:fs";

/** An output device that refused a write (a full disk, /dev/full, an I/O error): the run ends with exit 1 and one line. */
export class OutputError extends Error {
  constructor(
    readonly fd: number,
    readonly code: string,
  ) {
    super(`cannot write to ${fd === 1 ? "standard output" : fd === 2 ? "standard error" : `descriptor ${fd}`} (${code})`);
  }
}

/** Descriptors whose reader has gone (EPIPE): nothing more is written to them. */
const closed = new Set<number>();

/**
 * Writes all of `text` to a file descriptor synchronously. A reader that stops early (`| head`) closes
 * the pipe: the rest of the output is dropped quietly, as any Unix tool would, and the command still ends
 * with its own exit code (an error whose stderr is gone still exits 2). A non-blocking pipe that is full
 * (EAGAIN) is retried. Any other failure (ENOSPC, EIO) is an OutputError.
 */
export function writeFd(fd: number, text: string): void {
  if (closed.has(fd)) return;
  let buffer = Buffer.from(text, "utf8");
  while (buffer.length > 0) {
    try {
      const written = writeSync(fd, buffer);
      buffer = buffer.subarray(written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue;
      if (code !== "EPIPE") throw new OutputError(fd, code ?? "unknown error");
      closed.add(fd);
      return;
    }
  }
}
