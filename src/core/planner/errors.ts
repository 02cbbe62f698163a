/** Why a request was refused: a kind a program can test, beside the words. */
export type ErrorCode =
  /** A field out of range, of the wrong type, or unknown. */
  | "invalid_field"
  /** A model, GPU, quant or backend name that matches nothing (the closest are named). */
  | "unknown_name"
  /** A name that matches several (they are listed; none is picked silently). */
  | "ambiguous_name"
  /** `--hardware auto` found no GPU on this machine (no tool to ask, or none reported). */
  | "gpu_not_detected"
  /** Two fields that cannot be given together, or one that needs another. */
  | "conflicting_fields"
  /** A workload that cannot run at all: more output than context, say. */
  | "impossible_workload"
  /** A backend that does not serve the format, KV cache type or GPU asked for. */
  | "not_served"
  /** A configuration the deployment cannot take (a model split over more GPUs than it runs on). */
  | "not_deployable"
  /** A model description (a config.json) that lacks or contradicts what its family needs. */
  | "invalid_model"
  /** A data file that is missing, unreadable or inconsistent. */
  | "data_file";

/** How a message names fields, in the words of whoever reads it (a library's field names, a CLI's flags). */
export interface FieldWords {
  /** A field named inside a sentence: "contextLength", "--context-length". */
  field(field: string): string;
  /** The subject of a sentence about a field and the value given: "hardware 'RTX 4091'", "option '--hardware <gpu>' argument 'RTX 4091'". */
  subject(field: string, value: string | undefined): string;
}

/** Fields as the library names them. */
const LIBRARY_WORDS: FieldWords = {
  field: (field) => field,
  subject: (field, value) => (value === undefined ? field : `${field} '${value}'`),
};

/**
 * An expected failure of a use case: bad input, or a configuration that cannot be. It names the field
 * (`field`), the value given (`value`) and what is wrong (`detail`, in which `{field}` placeholders name
 * other fields), so the library says `hardware 'RTX 4091' is not a known GPU` and the command line
 * `option '--hardware <gpu>' argument 'RTX 4091' is not a known GPU` (see FieldWords). Exit code 2.
 */
export class ChimeraforgeError extends Error {
  override name = "ChimeraforgeError";
  /** The exit code the command line ends with. */
  readonly exitCode = 2;
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly value: string | undefined;
  readonly detail: string;

  constructor(code: ErrorCode, problem: { field?: string | undefined; value?: string | undefined; detail: string }) {
    super("");
    this.code = code;
    this.field = problem.field;
    this.value = problem.value;
    this.detail = problem.detail;
    this.message = this.describe();
  }

  /** The message in `words` (the library's field names by default); a detail starting ":" follows its subject directly. */
  describe(words: FieldWords = LIBRARY_WORDS): string {
    const detail = this.detail.replace(/\{(\w+)\}/g, (_, field: string) => words.field(field));
    if (this.field === undefined) return detail;
    return `${words.subject(this.field, this.value)}${detail.startsWith(":") ? "" : " "}${detail}`;
  }
}

/** A ChimeraforgeError about one field. */
export function fieldError(code: ErrorCode, field: string, detail: string, value?: string): ChimeraforgeError {
  return new ChimeraforgeError(code, { field, value, detail });
}
