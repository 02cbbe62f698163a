import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import {
  MAX_TOKENS,
  parseBudget,
  parseLatencySlo,
  parseQualityTarget,
  parseRequestRate,
  parseTokens,
  sizeClassParser,
} from "../../src/cli/parse-options.js";

describe("option parsers", () => {
  it("--request-rate: a finite number above 0", () => {
    expect(parseRequestRate("2")).toBe(2);
    expect(parseRequestRate("0.05")).toBe(0.05);
    expect(parseRequestRate("1e2")).toBe(100);
    expect(parseRequestRate(".5")).toBe(0.5);
    for (const bad of ["0", "-1", "abc", "", " ", "Infinity", "NaN", "0x10", "1,5", "2req"]) {
      expect(() => parseRequestRate(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("--latency-slo: above 0", () => {
    expect(parseLatencySlo("5000")).toBe(5000);
    expect(() => parseLatencySlo("0")).toThrow("greater than 0");
  });

  it("--quality-target: within [0, 1]", () => {
    expect(parseQualityTarget("0")).toBe(0);
    expect(parseQualityTarget("1")).toBe(1);
    expect(() => parseQualityTarget("1.01")).toThrow("between 0 and 1");
    expect(() => parseQualityTarget("-0.1")).toThrow(InvalidArgumentError);
  });

  it("--budget: zero or more", () => {
    expect(parseBudget("0")).toBe(0);
    expect(parseBudget("50.4")).toBe(50.4);
    expect(() => parseBudget("-5")).toThrow("between 0 and");
    expect(() => parseBudget("1e13")).toThrow(InvalidArgumentError);
  });

  it("--context-length and --avg-tokens: whole numbers from 1 to 2^20", () => {
    expect(parseTokens("2048")).toBe(2048);
    expect(parseTokens(String(MAX_TOKENS))).toBe(MAX_TOKENS);
    for (const bad of ["0", "-1", "2.5", "1e3", "abc", String(MAX_TOKENS + 1), "99999999999999999999"]) {
      expect(() => parseTokens(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("--model-size: a size class", () => {
    expect(sizeClassParser("3B")).toEqual({ kind: "params", billions: 3 });
    expect(sizeClassParser("all")).toEqual({ kind: "all" });
    expect(() => sizeClassParser("banana")).toThrow("size class");
  });
});
