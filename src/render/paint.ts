/** The few styles the reports use. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  warn(text: string): string;
  bad(text: string): string;
  accent(text: string): string;
}

const same = (text: string) => text;

/** No colour: every style leaves the text as it is. */
export const PLAIN: Paint = { bold: same, dim: same, good: same, warn: same, bad: same, accent: same };
