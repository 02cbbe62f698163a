import { closeSync, fstatSync, openSync, readSync, constants } from "node:fs";

/** Why a file was not read: a system error's code ("ENOENT"), or what the file is instead of a regular file of at most the cap. */
export class UnreadableFile extends Error {
  constructor(readonly reason: "directory" | "not_regular" | "too_large" | "system", readonly code: string | undefined, readonly size?: number) {
    super(reason);
  }
}

/**
 * The bytes of a regular file of at most `maxBytes`. A FIFO, a device or a socket is refused before it is
 * read: opened without blocking and checked with fstat, so neither /dev/zero nor a pipe with no writer can
 * hang a run or fill memory. Shared by the data files and the code cache (which must stay small: no other imports).
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UnreadableFile("system", (error as NodeJS.ErrnoException).code);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableFile("directory", "EISDIR");
    if (!stat.isFile()) throw new UnreadableFile("not_regular", undefined);
    if (stat.size > maxBytes) throw new UnreadableFile("too_large", undefined, stat.size);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile("system", (error as NodeJS.ErrnoException).code);
  } finally {
    closeSync(fd);
  }
}
