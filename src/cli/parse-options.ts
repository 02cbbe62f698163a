import { InvalidArgumentError } from "commander";
import { BOUNDS, describeBounds, withinBounds, type BoundedField } from "../core/planner/bounds.js";

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^\+?\d+$/;

/**
 * An argParser for a request field: the text as a number within the field's bounds (the same table the
 * library's schemas use). "1e3" is a number; "0x10", "", "Infinity" are not; a whole-number field takes
 * digits only.
 */
export function boundedParser(field: BoundedField): (value: string) => number {
  const bounds = BOUNDS[field];
  const pattern = "integer" in bounds && bounds.integer ? INTEGER : DECIMAL;
  return (value) => {
    const text = value.trim();
    const number = pattern.test(text) ? Number(text) : NaN;
    if (!withinBounds(number, bounds)) throw new InvalidArgumentError(`Expected ${describeBounds(bounds)}.`);
    return number;
  };
}

/** An argParser for --tp: one of the GPU counts a replica may span, or (when `auto` is allowed) "auto". */
export function tensorParallelParser(auto: boolean): (value: string) => 1 | 2 | 4 | 8 | "auto" {
  return (value) => {
    const text = value.trim().toLowerCase();
    if (auto && text === "auto") return "auto";
    const n = INTEGER.test(text) ? Number(text) : NaN;
    if (n !== 1 && n !== 2 && n !== 4 && n !== 8) throw new InvalidArgumentError(`Expected 1, 2, 4 or 8${auto ? ', or "auto"' : ""}.`);
    return n;
  };
}
