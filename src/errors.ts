import { ChimeraforgeError } from "./core/planner/errors.js";

/** A data file that is missing, unreadable or malformed: a ChimeraforgeError naming the file and what is wrong. Exit code 2. */
export class DataFileError extends ChimeraforgeError {
  override name = "DataFileError";
  readonly file: string;

  constructor(file: string, detail: string) {
    super("data_file", { detail: `${file}: ${detail}` });
    this.file = file;
  }

  /** What is wrong, without the file's name. */
  get problem(): string {
    return this.detail.slice(this.file.length + 2);
  }
}
