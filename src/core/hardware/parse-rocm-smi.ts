import { BYTES_PER_GB, type DetectedGpu } from "./detected-gpu.js";

/** The arguments rocm-smi is run with for JSON; without `--json` it prints the same as text. */
export const ROCM_SMI_ARGS = ["--showproductname", "--showmeminfo", "vram", "--json"] as const;

/** One card's fields as rocm-smi names them ("Card Series", "VRAM Total Memory (B)", ...), keys in lower case. */
type Card = Map<string, string>;

/** The cards of `rocm-smi --json`: {"card0": {"Card Series": ..., ...}, ...}. */
function jsonCards(output: string): Card[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  return Object.entries(parsed)
    .filter(([key, value]) => /^card\d+$/i.test(key) && typeof value === "object" && value !== null)
    .map(([, value]) => new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)])));
}

/** The cards of `rocm-smi --csv`: a header row "device,Card series,...", then one row per card. */
function csvCards(lines: readonly string[]): Card[] {
  const head = lines[0]!.split(",").map((h) => h.trim().toLowerCase());
  // Cells are read by position: a vendor's name with a comma ("Advanced Micro Devices, Inc.", as some
  // versions print it) would shift the columns after it, but the series and memory come before it.
  return lines.slice(1).map((line) => {
    const cells = line.split(",");
    return new Map(head.map((h, i) => [h, (cells[i] ?? "").trim()]));
  });
}

/** The cards of rocm-smi's text: "GPU[0]  : Card series:  Radeon RX 7900 XT" lines, one field each. */
function textCards(lines: readonly string[]): Card[] {
  const cards = new Map<string, Card>();
  for (const line of lines) {
    const m = /^GPU\[(\d+)\]\s*:\s*([^:]+?)\s*:\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const card = cards.get(m[1]!) ?? new Map<string, string>();
    card.set(m[2]!.toLowerCase(), m[3]!.trim());
    cards.set(m[1]!, card);
  }
  return [...cards.values()];
}

/** A card as a detected GPU: its series (the bracketed product name, if any), GFX version and VRAM. */
function detected(card: Card): DetectedGpu {
  const series = card.get("card series") ?? card.get("card series (name)") ?? "";
  const bracketed = /\[([^\]]+)\]/.exec(series)?.[1]?.trim();
  // ROCm 4.0 reported only hex ids ("0x738c"): no name.
  const name = bracketed ?? (series === "" || /^0x[0-9a-f]+$/i.test(series) ? null : series);
  const gfx = card.get("gfx version");
  const bytes = Number(card.get("vram total memory (b)"));
  return {
    tool: "rocm-smi",
    name,
    otherNames: gfx && /^gfx[0-9a-f]+$/i.test(gfx) ? [gfx] : [],
    platform: "amd",
    memoryGb: Number.isFinite(bytes) && bytes > 0 ? bytes / BYTES_PER_GB : null,
    gpuCores: null,
  };
}

/**
 * The GPUs in the output of `rocm-smi --showproductname --showmeminfo vram`, in any of its forms: with
 * `--json` ({"card0": {"Card Series": "AMD Instinct MI300X", "VRAM Total Memory (B)": "...", ...}}), with
 * `--csv`, or as text ("GPU[0] : Card series: ..."). A card's series holds its product name, sometimes in
 * brackets after a code name ("Arcturus GL-XL [AMD Instinct MI100]"); memory is in bytes.
 */
export function parseRocmSmi(output: string): DetectedGpu[] {
  const trimmed = output.trim();
  if (trimmed.startsWith("{")) return (jsonCards(trimmed) ?? []).map(detected);
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines[0]?.toLowerCase().startsWith("device,")) return csvCards(lines).map(detected);
  return textCards(lines).map(detected);
}
