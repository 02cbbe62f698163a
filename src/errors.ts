/** A mistake in how the command was called: a bad flag value, an unknown GPU. Exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A data file that is missing, unreadable or malformed. Exit code 2. */
export class DataFileError extends Error {
  override name = "DataFileError";
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}
