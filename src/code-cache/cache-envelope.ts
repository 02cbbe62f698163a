/**
 * The code cache file: a text header naming the build, the Node version, the architecture and the
 * payload's length, then V8's cached data. A file torn by a crash, or written by another build, fails the
 * header and never reaches V8 (which would otherwise trust it); V8 checks the payload's own checksum
 * (see verify-cached-data.ts). The header is padded to 8 bytes so the payload stays aligned.
 */

/** What the header must say for this build: everything but the length. */
export function cacheLabel(buildId: string): string {
  return `chimeraforge code cache ${buildId} ${process.version} ${process.arch}`;
}

/** The longest header read back; anything longer is not ours. */
const MAX_HEADER = 256;

/** The file's bytes for `payload`. */
export function sealCache(label: string, payload: Buffer): Buffer {
  let header = `${label} ${payload.length}`;
  header = header.padEnd(Math.ceil((header.length + 1) / 8) * 8 - 1) + "\n";
  return Buffer.concat([Buffer.from(header, "latin1"), payload]);
}

/** The payload of a file written by sealCache with `label`, or undefined if the file is not exactly that. */
export function openCache(label: string, bytes: Buffer): Buffer | undefined {
  const end = bytes.subarray(0, MAX_HEADER).indexOf(10);
  if (end < 0) return undefined;
  const payload = bytes.subarray(end + 1);
  const header = bytes.toString("latin1", 0, end).trimEnd();
  return header === `${label} ${payload.length}` && payload.length > 0 ? payload : undefined;
}
