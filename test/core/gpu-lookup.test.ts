import { beforeAll, describe, expect, it } from "vitest";
import { lookupGpu } from "../../src/core/hardware/gpu-lookup.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import { defaultCatalog, tr133Catalog } from "../helpers/catalog.js";

let catalog: Catalog;
let database: Catalog;
beforeAll(async () => {
  [catalog, database] = await Promise.all([tr133Catalog(), defaultCatalog()]);
});
const lookup = (q: string) => lookupGpu(catalog.gpus, q);

describe("lookupGpu", () => {
  it("matches exactly, ignoring case, spaces and punctuation", () => {
    expect(lookup("RTX 4090 24GB")).toMatchObject({ kind: "found", item: { name: "RTX 4090 24GB" } });
    expect(lookup("rtx 4090 24gb")).toMatchObject({ kind: "found", item: { name: "RTX 4090 24GB" } });
    expect(lookup("H_100 80GB")).toMatchObject({ kind: "found", item: { name: "H100 80GB" } });
  });

  it("accepts a part of a name that only one GPU has", () => {
    expect(lookup("4090")).toMatchObject({ kind: "found", item: { name: "RTX 4090 24GB" } });
    expect(lookup("h100")).toMatchObject({ kind: "found", item: { name: "H100 80GB" } });
  });

  it("is ambiguous when a part matches several GPUs", () => {
    const found = lookup("RTX 4060 Ti");
    expect(found.kind).toBe("ambiguous");
    if (found.kind === "ambiguous") expect(found.matches.map((g) => g.name)).toEqual(["RTX 4060 Ti 8GB", "RTX 4060 Ti 16GB"]);
    expect(lookup("A100").kind).toBe("ambiguous");
  });

  it("suggests the closest names for an unknown GPU", () => {
    const found = lookup("RTX 5090");
    expect(found.kind).toBe("unknown");
    if (found.kind === "unknown") expect(found.closest[0]?.name).toBe("RTX 4090 24GB");
    expect(lookup("").kind).toBe("unknown");
  });

  it("answers to aliases in the GPU database: the TR corpus's GPU, the usual short names", () => {
    const find = (q: string) => lookupGpu(database.gpus, q);
    expect(find("RTX 4080 12GB")).toMatchObject({ kind: "found", item: { name: "RTX 4080 Laptop 12GB" } });
    expect(find("H100 80GB HBM3")).toMatchObject({ kind: "found", item: { name: "H100 SXM 80GB" } });
    expect(find("H100 80GB").kind).toBe("ambiguous");
    expect(find("h100 pcie")).toMatchObject({ kind: "found", item: { name: "H100 PCIe 80GB" } });
    expect(find("M2 Ultra")).toMatchObject({ kind: "found", item: { name: "Apple M2 Ultra" } });
  });
});
