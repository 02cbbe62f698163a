import * as z from "zod/mini";
import { comment, isoDate, name } from "./primitives.js";

/** Dollars per million tokens: a price, at most a thousand dollars (none is near it). */
const usdPerMillion = () => z.number().check(z.gt(0), z.lte(1000));

/** One provider's price of one registry model, with the page it is on and the date it was checked. */
const ApiPriceSchema = z.strictObject({
  provider: name(),
  /** The registry model it serves (models.json). */
  model: name(),
  /** The provider's id for it. */
  provider_model: name(),
  usd_per_1m_input: usdPerMillion(),
  usd_per_1m_output: usdPerMillion(),
  source: name(),
  date: isoDate(),
  note: z.optional(z.string()),
});

/** `api-prices.json`: hosted API prices of registry models, a dated snapshot with sources (--compare-api). */
export const ApiPricesFileSchema = z.strictObject({
  $comment: comment(),
  prices: z.array(ApiPriceSchema).check(z.minLength(1)),
});
