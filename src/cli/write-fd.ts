import { writeSync } from "node:fs";

/**
 * Writes all of `text` to a file descriptor synchronously. A reader that stops early (`| head`) closes
 * the pipe: that ends the program quietly, as it would for any Unix tool. A non-blocking pipe that is
 * full (EAGAIN) is retried.
 */
export function writeFd(fd: number, text: string): void {
  let buffer = Buffer.from(text, "utf8");
  while (buffer.length > 0) {
    try {
      const written = writeSync(fd, buffer);
      buffer = buffer.subarray(written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue;
      if (code === "EPIPE") process.exit(0);
      throw error;
    }
  }
}
