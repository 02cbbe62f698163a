import { describe, expect, it } from "vitest";
import type { ValidationReport } from "../../src/core/validation/validation.js";
import { summariseValidation } from "../../src/core/validation/validation-summary.js";

/** A report of one quantity: three fitted points and two held out, one set that predicts all, one that predicts some. */
const report: ValidationReport = {
  coefficients: { default: "a.json", tr133: "b.json" },
  models: [
    {
      name: "vram",
      quantity: "peak VRAM of one sequence",
      unit: "GB",
      points: [
        { label: "a", source: "s", measured: 10, in_sample: true, predicted: { default: 11, tr133: null } },
        { label: "b", source: "s", measured: 10, in_sample: true, predicted: { default: 9.5, tr133: 20 } },
        { label: "c", source: "s", measured: 20, in_sample: true, predicted: { default: 20, tr133: null } },
        { label: "d", source: "s", measured: 4, in_sample: false, predicted: { default: 5, tr133: null } },
        { label: "e", source: "s", measured: 8, in_sample: false, predicted: { default: 6, tr133: null } },
      ],
      stats: {},
    },
  ],
};

describe("summariseValidation", () => {
  it("gives each set's median and worst absolute relative error, on fitted and held-out points apart", () => {
    const [vram] = summariseValidation(report);
    expect(vram!.points).toEqual({ in_sample: 3, held_out: 2 });
    expect(vram!.sets.default).toEqual({
      in_sample: { n: 3, median_abs_error: 0.05, worst_abs_error: 0.1, worst_point: "a" },
      held_out: { n: 2, median_abs_error: 0.25, worst_abs_error: 0.25, worst_point: "d" },
    });
    expect(vram!.sets.tr133).toEqual({
      in_sample: { n: 1, median_abs_error: 1, worst_abs_error: 1, worst_point: "b" },
      held_out: { n: 0, median_abs_error: null, worst_abs_error: null, worst_point: null },
    });
  });
});
