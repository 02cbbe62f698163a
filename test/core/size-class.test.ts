import { beforeAll, describe, expect, it } from "vitest";
import { formatSizeClass, modelsForSize, parseSizeClass } from "../../src/core/model/size-class.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import { tr133Catalog } from "../helpers/catalog.js";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await tr133Catalog();
});
const names = (size: string) => modelsForSize(catalog.models, parseSizeClass(size)!).map((m) => m.name);

describe("parseSizeClass", () => {
  it("reads parameter counts in billions or millions, any case", () => {
    expect(parseSizeClass("3b")).toEqual({ kind: "params", billions: 3 });
    expect(parseSizeClass("8B")).toEqual({ kind: "params", billions: 8 });
    expect(parseSizeClass("0.5b")).toEqual({ kind: "params", billions: 0.5 });
    expect(parseSizeClass("500m")).toEqual({ kind: "params", billions: 0.5 });
    expect(parseSizeClass("7")).toEqual({ kind: "params", billions: 7 });
    expect(parseSizeClass("ALL")).toEqual({ kind: "all" });
  });

  it("refuses what is not a size", () => {
    for (const bad of ["banana", "", "b", "0b", "-3b", "3x", "3bb", "1e3b", "NaNb"]) {
      expect(parseSizeClass(bad), bad).toBeUndefined();
    }
  });

  it("prints back as typed", () => {
    expect(formatSizeClass({ kind: "params", billions: 0.5 })).toBe("0.5b");
    expect(formatSizeClass({ kind: "all" })).toBe("all");
  });
});

describe("modelsForSize", () => {
  it("takes every model within 50% of the class, in registry order", () => {
    expect(names("3b")).toEqual(["qwen2.5-1.5b", "phi-2", "qwen2.5-3b", "llama3.2-3b"]);
    expect(names("1b")).toEqual(["llama3.2-1b"]); // qwen2.5-1.5b is 54% away
    expect(names("1.5b")).toEqual(["llama3.2-1b", "qwen2.5-1.5b"]);
  });

  it("takes the single closest model when none is within 50%", () => {
    expect(names("70b")).toEqual(["llama3.1-8b"]);
    expect(names("0.1b")).toEqual(["qwen2.5-0.5b"]);
  });

  it("takes every model for 'all'", () => {
    expect(names("all")).toHaveLength(7);
  });
});
