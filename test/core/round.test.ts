import { describe, expect, it } from "vitest";
import { round } from "../../src/core/round.js";

describe("round, as Python's round()", () => {
  it("rounds to the nearest decimal", () => {
    expect(round(3195.94, 1)).toBe(3195.9);
    expect(round(0.70312, 3)).toBe(0.703);
    expect(round(25.200000000000003, 2)).toBe(25.2);
  });

  it("sends exact ties to even", () => {
    expect(round(0.125, 2)).toBe(0.12); // 0.125 is exact in binary
    expect(round(0.375, 2)).toBe(0.38);
    expect(round(2.5, 0)).toBe(2);
    expect(round(3.5, 0)).toBe(4);
  });

  it("judges ties on the binary value, not the decimal text", () => {
    expect(round(2.675, 2)).toBe(2.67); // 2.675 is stored as 2.67499999...
    expect(round(1.005, 2)).toBe(1); // 1.00499999...
  });

  it("keeps signs and non-finite values", () => {
    expect(round(-0.125, 2)).toBe(-0.12);
    expect(round(-1.26, 1)).toBe(-1.3);
    expect(round(Infinity, 1)).toBe(Infinity);
  });
});
