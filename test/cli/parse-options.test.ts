import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { boundedParser, tensorParallelParser } from "../../src/cli/parse-options.js";
import { MAX_TOKENS } from "../../src/core/limits.js";

describe("option parsers, built from the request fields' bounds", () => {
  it("--request-rate: a finite number above 0", () => {
    const parse = boundedParser("requestRate");
    expect(parse("2")).toBe(2);
    expect(parse("0.05")).toBe(0.05);
    expect(parse("1e2")).toBe(100);
    expect(parse(".5")).toBe(0.5);
    for (const bad of ["0", "-1", "abc", "", " ", "Infinity", "NaN", "0x10", "1,5", "2req"]) {
      expect(() => parse(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("--latency-slo: above 0", () => {
    expect(boundedParser("latencySloMs")("5000")).toBe(5000);
    expect(() => boundedParser("latencySloMs")("0")).toThrow("greater than 0");
  });

  it("--quality-target: within [0, 1]", () => {
    const parse = boundedParser("qualityTarget");
    expect(parse("0")).toBe(0);
    expect(parse("1")).toBe(1);
    expect(() => parse("1.01")).toThrow("between 0 and 1");
    expect(() => parse("-0.1")).toThrow(InvalidArgumentError);
  });

  it("--budget: zero or more", () => {
    const parse = boundedParser("budgetUsdPerMonth");
    expect(parse("0")).toBe(0);
    expect(parse("50.4")).toBe(50.4);
    expect(() => parse("-5")).toThrow("between 0 and");
    expect(() => parse("1e13")).toThrow(InvalidArgumentError);
  });

  it("--context-length and --avg-tokens: whole numbers from 1 to 2^20", () => {
    const parse = boundedParser("contextLength");
    expect(parse("2048")).toBe(2048);
    expect(parse(String(MAX_TOKENS))).toBe(MAX_TOKENS);
    for (const bad of ["0", "-1", "2.5", "1e3", "abc", String(MAX_TOKENS + 1), "99999999999999999999"]) {
      expect(() => parse(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("--tp: 1, 2, 4 or 8, and auto where a plan weighs each", () => {
    expect(tensorParallelParser(true)("auto")).toBe("auto");
    expect(tensorParallelParser(false)("4")).toBe(4);
    expect(() => tensorParallelParser(false)("auto")).toThrow("Expected 1, 2, 4 or 8.");
    expect(() => tensorParallelParser(true)("3")).toThrow(InvalidArgumentError);
  });
});
