import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { SCHEMAS, type SchemaName } from "../src/schema/schemas.js";

/** The JSON Schema of each data file, generated from its zod schema, kept in data/schema/ for editors. */
describe("JSON Schemas of the data files", () => {
  it.each(Object.keys(SCHEMAS) as SchemaName[])("data/schema/%s.schema.json is current", async (name) => {
    const schema = z.toJSONSchema(SCHEMAS[name], { io: "input" });
    const file = `../data/schema/${name.replace("/", "-")}.schema.json`;
    await expect(JSON.stringify(schema, null, 2) + "\n").toMatchFileSnapshot(file);
  });
});
