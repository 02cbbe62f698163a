import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { ONE_CELL, textWidth } from "../../src/render/text-width.js";

describe("textWidth", () => {
  it("counts as string-width does, plain text and symbols, colour codes, keycaps, emoji and CJK", () => {
    const texts = [
      "",
      "plain words, 1.5 ms",
      ...[...ONE_CELL],
      `every symbol: ${ONE_CELL}`,
      "#*0123456789 # * 0",
      "#\uFE0F\u20E3 keycap",
      "1\u20E3",
      "\u001b[1mbold\u001b[22m",
      "\u001b[33m!\u001b[39m warning",
      "✅ ❌ ⬆️ ↔",
      "云 内存带宽",
      "tab\there",
      "e\u0301",
      "~",
    ];
    for (const text of texts) expect(textWidth(text), JSON.stringify(text)).toBe(stringWidth(text));
  });

  it("counts each of its one-cell symbols as one cell, as string-width does", () => {
    for (const c of ONE_CELL) expect(stringWidth(c), c).toBe(1);
  });
});
