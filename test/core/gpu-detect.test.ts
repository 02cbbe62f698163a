import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Gpu } from "../../src/core/catalog/types.js";
import type { DetectedGpu } from "../../src/core/hardware/detected-gpu.js";
import { matchDetectedGpu } from "../../src/core/hardware/match-detected-gpu.js";
import { parseNvidiaSmi } from "../../src/core/hardware/parse-nvidia-smi.js";
import { parseRocmSmi } from "../../src/core/hardware/parse-rocm-smi.js";
import { parseSysctlMemsize } from "../../src/core/hardware/parse-sysctl.js";
import { parseSystemProfiler } from "../../src/core/hardware/parse-system-profiler.js";
import { plannerOf } from "../helpers/catalog.js";

/** A recorded output in test/fixtures/gpu-detect/ (SOURCES.md there says where each comes from). */
const fixture = (file: string) => readFileSync(new URL(`../fixtures/gpu-detect/${file}`, import.meta.url), "utf8");

let gpus: readonly Gpu[];
beforeAll(async () => {
  gpus = (await plannerOf("default")).catalog.gpus;
});

/** The database entry a report matches, or what else it came to. */
function matched(d: DetectedGpu): string {
  const m = matchDetectedGpu(gpus, d);
  return m.kind === "matched" ? m.gpu.name : m.kind === "ambiguous" ? `ambiguous: ${m.gpus.map((g) => g.name).join(", ")}` : "unmatched";
}

/** A report as a tool would give it, for the matcher alone. */
const report = (name: string, extra: Partial<DetectedGpu> = {}): DetectedGpu => ({
  tool: "nvidia-smi",
  name,
  otherNames: [],
  platform: "nvidia",
  memoryGb: null,
  gpuCores: null,
  ...extra,
});

describe("nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits", () => {
  it("reads one GPU per line, memory from MiB: 8× H100 SXM", () => {
    const found = parseNvidiaSmi(fixture("nvidia-smi-query-name-memory-8xH100-documented.csv"));
    expect(found).toHaveLength(8);
    expect(found[0]).toEqual({ tool: "nvidia-smi", name: "NVIDIA H100 80GB HBM3", otherNames: [], platform: "nvidia", memoryGb: 81559 / 1024, gpuCores: null });
    expect(matched(found[0]!)).toBe("H100 SXM 80GB");
  });

  it("matches the A100 SXM4 80GB and the RTX 5090 by name", () => {
    const a100 = parseNvidiaSmi(fixture("nvidia-smi-query-name-memory-4xA100-documented.csv"));
    expect(a100).toHaveLength(4);
    expect(a100[0]!.memoryGb).toBe(80);
    expect(matched(a100[0]!)).toBe("A100 80GB SXM");
    const [rtx] = parseNvidiaSmi(fixture("nvidia-smi-query-name-memory-rtx5090-documented.csv"));
    expect(rtx!.memoryGb).toBeCloseTo(31.84, 2);
    expect(matched(rtx!)).toBe("RTX 5090 32GB");
  });

  it("skips what is no name-and-memory pair: another query's line, a driver's error, memory N/A kept as unknown", () => {
    expect(parseNvidiaSmi(fixture("nvidia-smi-query-name-pci-device-id-csv-noheader-H100-NVL.csv"))).toEqual([]);
    expect(parseNvidiaSmi("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n")).toEqual([]);
    expect(parseNvidiaSmi("")).toEqual([]);
    const [gb10] = parseNvidiaSmi("NVIDIA GB10, [N/A]\n");
    expect(gb10).toMatchObject({ name: "NVIDIA GB10", memoryGb: null });
    expect(matched(gb10!)).toBe("NVIDIA DGX Spark (GB10) 128GB");
  });
});

describe("rocm-smi --showproductname --showmeminfo vram", () => {
  it("reads --json: the series, the VRAM in bytes", () => {
    const [card] = parseRocmSmi(fixture("rocm-smi-productname-use-meminfo-json-rx7900xt.json"));
    expect(card).toEqual({ tool: "rocm-smi", name: "Radeon RX 7900 XT", otherNames: ["gfx1100"], platform: "amd", memoryGb: 21458059264 / 1024 ** 3, gpuCores: null });
    // Not the RX 7900 XTX, whose name contains it: the XT is not in the database.
    expect(matched(card!)).toBe("unmatched");
  });

  it("reads --csv the same", () => {
    expect(parseRocmSmi(fixture("rocm-smi-productname-use-meminfo-csv-rx7900xt.csv"))).toEqual(parseRocmSmi(fixture("rocm-smi-productname-use-meminfo-json-rx7900xt.json")));
    const cards = parseRocmSmi(fixture("rocm-smi-showproductname-csv-2xMI100.csv"));
    expect(cards.map((c) => c.name)).toEqual(["AMD Instinct MI100", "AMD Instinct MI100"]);
    expect(matched(cards[0]!)).toBe("unmatched");
  });

  it("matches a generic series by its GFX version: Strix Halo's 'AMD Radeon Graphics' is gfx1151", () => {
    const [card] = parseRocmSmi(fixture("rocm-smi-showproductname-json-strixhalo-radeon8060s.json"));
    expect(card).toMatchObject({ name: "AMD Radeon Graphics", otherNames: ["gfx1151"], memoryGb: null });
    expect(matched(card!)).toBe("AMD Radeon 8060S (Ryzen AI Max+ 395) 128GB");
  });

  it("reads the text forms: ROCm 4.0's hex series is no name; --showmeminfo vram gives each GPU's memory", () => {
    expect(parseRocmSmi(fixture("rocm-smi-showproductname-text-mi100-rocm4.0.txt"))).toEqual([
      { tool: "rocm-smi", name: null, otherNames: [], platform: "amd", memoryGb: null, gpuCores: null },
    ]);
    const mi300x = parseRocmSmi(fixture("rocm-smi-showmeminfo-vram-8xMI300X-cpx-trimmed.txt"));
    expect(mi300x).toHaveLength(7);
    for (const gpu of mi300x) expect(gpu.memoryGb).toBeCloseTo(192, 1);
  });

  it("matches AMD Instinct MI300X by name", () => {
    expect(matched(report("AMD Instinct MI300X", { tool: "rocm-smi", platform: "amd", memoryGb: 192 }))).toBe("AMD MI300X 192GB");
  });
});

describe("system_profiler SPDisplaysDataType", () => {
  it("reads Apple silicon's chip and GPU cores (its unified memory is not listed)", () => {
    const [m4] = parseSystemProfiler(fixture("system_profiler-SPDisplaysDataType-apple-m4-trimmed.txt"));
    expect(m4).toEqual({ tool: "system_profiler", name: "Apple M4", otherNames: [], platform: "apple", memoryGb: null, gpuCores: 8 });
    expect(matched(m4!)).toBe("Apple M4");
  });

  it("reads a discrete GPU's vendor and VRAM", () => {
    const [vega] = parseSystemProfiler(fixture("system_profiler-SPDisplaysDataType-imacpro-radeon-pro-vega64.txt"));
    expect(vega).toEqual({ tool: "system_profiler", name: "Radeon Pro Vega 64", otherNames: [], platform: "amd", memoryGb: 16, gpuCores: null });
    expect(matched(vega!)).toBe("unmatched");
  });
});

describe("sysctl -n hw.memsize", () => {
  it("reads a Mac's memory in bytes", () => {
    expect(parseSysctlMemsize("17179869184\n")).toBe(16);
    expect(parseSysctlMemsize("sysctl: unknown oid 'hw.memsize'")).toBeNull();
  });
});

describe("matching a report to the database", () => {
  it("tells variants apart by GPU cores, then memory", () => {
    expect(matched(report("Apple M3 Max", { tool: "system_profiler", platform: "apple", gpuCores: 30 }))).toBe("Apple M3 Max (30-core GPU)");
    expect(matched(report("Apple M3 Max", { tool: "system_profiler", platform: "apple", gpuCores: 40 }))).toBe("Apple M3 Max (40-core GPU)");
    expect(matched(report("Apple M2 Max", { tool: "system_profiler", platform: "apple", gpuCores: 38 }))).toBe("Apple M2 Max");
    expect(matched(report("NVIDIA GeForce RTX 4060 Ti", { memoryGb: 16380 / 1024 }))).toBe("RTX 4060 Ti 16GB");
    expect(matched(report("NVIDIA GeForce RTX 4060 Ti", { memoryGb: 8188 / 1024 }))).toBe("RTX 4060 Ti 8GB");
  });

  it("matches the names nvidia-smi gives", () => {
    expect(matched(report("NVIDIA GeForce RTX 4090", { memoryGb: 24 }))).toBe("RTX 4090 24GB");
    expect(matched(report("NVIDIA H100 NVL"))).toBe("H100 NVL 94GB");
    expect(matched(report("NVIDIA H100 PCIe"))).toBe("H100 PCIe 80GB");
    expect(matched(report("NVIDIA GeForce RTX 4080 Laptop GPU"))).toBe("RTX 4080 Laptop 12GB");
    expect(matched(report("Tesla T4"))).toBe("T4 16GB");
    expect(matched(report("NVIDIA RTX A6000"))).toBe("RTX A6000 48GB");
    expect(matched(report("NVIDIA A100-PCIE-40GB"))).toBe("unmatched");
  });

  it("leaves a report it cannot tell apart ambiguous, listing the candidates", () => {
    expect(matched(report("NVIDIA H100"))).toBe("ambiguous: H100 PCIe 80GB, H100 SXM 80GB, H100 NVL 94GB");
    expect(matched(report("NVIDIA H100 80GB", { memoryGb: 79.6 }))).toBe("ambiguous: H100 PCIe 80GB, H100 SXM 80GB");
  });
});
