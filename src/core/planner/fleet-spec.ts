import { BOUNDS, describeBounds, withinBounds } from "./bounds.js";
import { fieldError } from "./errors.js";

/** One group of a fleet as asked: how many GPUs of which name. */
export interface FleetGroupRequest {
  /** A GPU name of the database (a unique part is enough, as for hardware). */
  gpu: string;
  count: number;
}

/** What a fleet's text looks like, for the error that refuses one. */
const EXPECTED = 'expected "<count>x <GPU>" items separated by commas, such as "2x RTX 4090,1x RTX A6000"';

/** One item: "2x RTX 4090", "2 × RTX 4090", "2*RTX 4090", or a GPU name alone (one of it). */
const ITEM = /^(?:(\d+)\s*[x×*]\s*)?(\S.*)$/i;

/**
 * A fleet's text ("2x RTX 4090,1x RTX A6000") as its groups, in the order given; refused (naming the
 * fleet field) when an item is empty or its count is not a whole number of GPUs within the GPU bounds.
 */
export function parseFleet(text: string): FleetGroupRequest[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) throw fieldError("invalid_field", "fleet", `: ${EXPECTED}.`, text);
  return items.map((item) => {
    const match = ITEM.exec(item);
    if (!match) throw fieldError("invalid_field", "fleet", `: ${EXPECTED}.`, text);
    const count = match[1] === undefined ? 1 : Number(match[1]);
    if (!withinBounds(count, BOUNDS.maxGpus)) throw fieldError("invalid_field", "fleet", `: each group holds ${describeBounds(BOUNDS.maxGpus)} GPUs ('${item}').`, text);
    return { gpu: match[2]!.trim(), count };
  });
}
