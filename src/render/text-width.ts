import stringWidth from "string-width";

/**
 * Characters of one terminal cell that string-width has nothing to strip or replace in: printable ASCII
 * (space to tilde) and the symbols the reports print (×, η, dashes, arrows, ≤, ≥, ∞, …). None is a
 * control, combining or full-width character; none starts an ANSI escape; and none can be part of an
 * emoji the emoji regex knows: the non-ASCII ones appear nowhere in it, and every emoji it knows that
 * starts with an ASCII character (a keycap such as "#️⃣") goes on with U+FE0F or U+20E3.
 */
export const ONE_CELL = "×η–—→−∞≤≥≈…µ·";

/** A text of ONE_CELL characters only. */
const ONE_CELL_TEXT = new RegExp(`^[\\x20-\\x7e${ONE_CELL}]*$`);

/**
 * The terminal cells `text` takes, as string-width counts them, without its cost where it cannot matter.
 * string-width strips ANSI codes and runs a 10 kB emoji regex over the whole text before it counts, some
 * microseconds a call; cli-table3 calls it for every cell, word and line several times over, which made it
 * most of a plan's table drawing. A text of ONE_CELL characters is as wide as it is long; anything else
 * (a colour code, CJK, an emoji) is measured by string-width.
 */
export function textWidth(text: string): number {
  return ONE_CELL_TEXT.test(text) ? text.length : stringWidth(text);
}
