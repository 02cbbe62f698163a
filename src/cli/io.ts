/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colour and layout depend on it). */
  isTTY: boolean;
  /** Terminal width, when known. */
  columns: number | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The `data/` directory. */
  dataDir: string;
}
