/** A word as a POSIX shell reads it back: bare when it has no special character, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Environment assignments and an argv as one shell line: `A=1 B=2 cmd --flag value`. */
export function shellLine(env: readonly (readonly [string, string])[], argv: readonly string[]): string {
  return [...env.map(([name, value]) => `${name}=${shellWord(value)}`), ...argv.map(shellWord)].join(" ");
}
