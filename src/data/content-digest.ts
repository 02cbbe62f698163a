/**
 * A 64-bit digest of a file's text (two FNV-1a 32-bit hashes with different seeds), as hex. It tells a data
 * file that was validated at build time from one that was edited since: a guard against accidents, not
 * against an adversary who writes the data directory.
 */
export function contentDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
