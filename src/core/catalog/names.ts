/** Lower case with everything but letters and digits removed: "H_100 80GB" and "h100 80gb" agree. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Levenshtein distance between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The outcome of looking a name up: the entry, or why not with the names worth suggesting. */
export type Lookup<T> = { kind: "found"; item: T } | { kind: "ambiguous"; matches: T[] } | { kind: "unknown"; closest: T[] };

/** How many close names an unknown name's error lists. */
const SUGGESTIONS = 3;

/**
 * The words that name a maker's products: a name with one of them means that maker (a typo keeps its
 * brand: "Radeon 7900" is an AMD card, "RTX 4091" an NVIDIA one).
 */
const BRANDS: readonly RegExp[] = [
  /\b(?:nvidia|geforce|rtx|gtx|tesla|quadro|dgx|hgx)\b/,
  /\b(?:amd|radeon|rx|instinct|ryzen)\b|\bmi\d/,
  /\bapple\b|\bm[1-9]\b/,
];

/** The brands a name mentions (indices into BRANDS). */
function brandsOf(text: string): number[] {
  const words = text.toLowerCase().replace(/[^a-z0-9+]+/g, " ");
  return BRANDS.flatMap((re, i) => (re.test(words) ? [i] : []));
}

/**
 * How far a name's numbers are from the query's: for each run of digits in the query, the edit distance
 * to the nearest run in the name (half a point more when their lengths differ), summed. Model numbers
 * carry a name ("4090", "H100", "8b"), so a typo in them matters more than one in the letters around them.
 */
function digitDistance(queryRuns: readonly string[], name: string): number {
  const runs = name.match(/\d+/g) ?? [];
  let total = 0;
  for (const q of queryRuns) {
    let best = q.length + 0.5;
    for (const r of runs) best = Math.min(best, editDistance(q, r) + (r.length === q.length ? 0 : 0.5));
    total += best;
  }
  return total;
}

/**
 * How suggestions are ranked: by the numbers first (a GPU's model number names it: "4091" is nearer the
 * RTX 4090 than the L40S), or by the text first (a model's family names it: "llama9" is nearer llama3-8b
 * than gemma2-9b).
 */
export type Ranking = "digits" | "text";

/**
 * The entries closest to a name that matches none, best first: those of the query's brand (when it names
 * one), then by `ranking` the nearest numbers or the nearest text (a typed name often lacks a suffix,
 * "RTX 5090" for "RTX 5090 32GB", so the same-length prefix first) and then the other, then the data's order.
 */
function closest<T extends { name: string; aliases?: readonly string[] | undefined }>(items: readonly T[], query: string, ranking: Ranking): T[] {
  const wanted = normaliseName(query);
  const queryRuns = query.match(/\d+/g) ?? [];
  const brands = brandsOf(query);
  return items
    .map((item, index) => {
      const raw = [item.name, ...(item.aliases ?? [])];
      const all = raw.map(normaliseName);
      const itemBrands = brandsOf(raw.join(" "));
      return {
        item,
        index,
        otherBrand: brands.length > 0 && !brands.some((b) => itemBrands.includes(b)) ? 1 : 0,
        digits: Math.min(...raw.map((n) => digitDistance(queryRuns, n))),
        prefix: Math.min(...all.map((n) => editDistance(wanted, n.slice(0, wanted.length)))),
        distance: Math.min(...all.map((n) => editDistance(wanted, n))),
      };
    })
    .sort((a, b) => {
      const text = a.prefix - b.prefix || a.distance - b.distance;
      const digits = a.digits - b.digits;
      return a.otherBrand - b.otherBrand || (ranking === "digits" ? digits || text : text || digits) || a.index - b.index;
    })
    .slice(0, SUGGESTIONS)
    .map((r) => r.item);
}

/**
 * Resolves a name against entries with aliases: an exact match of a name or alias ignoring case, spaces
 * and punctuation; else (when `partial`) the single entry one of whose names contains it; else ambiguous
 * (several contain it) or unknown, with the closest names (ranked by `ranking`).
 */
export function lookupName<T extends { name: string; aliases?: readonly string[] | undefined }>(
  items: readonly T[],
  query: string,
  partial: boolean,
  ranking: Ranking = "text",
): Lookup<T> {
  const wanted = normaliseName(query);
  const names = (item: T) => [item.name, ...(item.aliases ?? [])].map(normaliseName);
  const exact = items.find((item) => names(item).includes(wanted));
  if (exact) return { kind: "found", item: exact };
  const containing = partial && wanted.length > 0 ? items.filter((item) => names(item).some((n) => n.includes(wanted))) : [];
  if (containing.length === 1 && containing[0]) return { kind: "found", item: containing[0] };
  if (containing.length > 1) return { kind: "ambiguous", matches: containing };
  // Ranked when read: a measurement file asks after dozens of GPUs the database lacks and never lists the closest.
  let ranked: T[] | undefined;
  return {
    kind: "unknown",
    get closest() {
      return (ranked ??= closest(items, query, ranking));
    },
  };
}
