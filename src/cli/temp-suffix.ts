/**
 * A temporary file's distinguishing part, beside the process id: node:crypto would load some twenty
 * modules at start-up for it, and the name needs only to differ from another run's (the file is created
 * with "wx", which refuses a clash rather than overwriting).
 */
export function tempSuffix(): string {
  return Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0");
}
