import { describe, expect, it } from "vitest";
import { renderCsv } from "../../src/render/csv.js";
import { parseCsv } from "../helpers/parse-csv.js";

describe("renderCsv", () => {
  it("writes one header row and one row per record, CRLF-terminated, quoting what RFC 4180 says to quote", () => {
    const csv = renderCsv([
      { name: "a", note: 'says "hi", then\nleaves', n: 1.5, ok: true, none: null },
      { name: "b", note: "plain", n: 2, ok: false, none: null },
    ]);
    expect(csv).toBe('name,note,n,ok,none\r\na,"says ""hi"", then\nleaves",1.5,true,\r\nb,plain,2,false,\r\n');
    expect(parseCsv(csv)[1]).toEqual(["a", 'says "hi", then\nleaves', "1.5", "true", ""]);
  });

  it("flattens nested records to dotted columns and lists to one cell joined by ';' (warnings by their codes)", () => {
    const csv = renderCsv([
      {
        model: "m",
        vram_breakdown: { weights_gb: 16.06, kv_cache_gb: 4 },
        warnings: [{ code: "quality_unknown", assumed: null }, { code: "saturated", limit: 0.7 }],
        aliases: ["x", "y"],
        hardware: [{ name: "H100 SXM 80GB", memory_gb: 80 }],
      },
    ]);
    expect(parseCsv(csv)).toEqual([
      ["model", "vram_breakdown.weights_gb", "vram_breakdown.kv_cache_gb", "warnings", "aliases", "hardware"],
      ["m", "16.06", "4", "quality_unknown;saturated", "x;y", "H100 SXM 80GB"],
    ]);
  });

  it("gives every record the same columns: a nested record null in one row leaves its columns empty there", () => {
    const rows = parseCsv(renderCsv([{ name: "a", price: null, cost: 1 }, { name: "b", price: { usd: 2, basis: "owned" }, cost: 2 }, { name: "c", price: { usd: 3, note: "n" }, cost: 3 }]));
    expect(rows).toEqual([
      ["name", "price.usd", "price.basis", "price.note", "cost"],
      ["a", "", "", "", "1"],
      ["b", "2", "owned", "", "2"],
      ["c", "3", "", "n", "3"],
    ]);
  });
});
