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
 * Resolves a name against entries with aliases: an exact match of a name or alias ignoring case, spaces
 * and punctuation; else (when `partial`) the single entry one of whose names contains it; else ambiguous
 * (several contain it) or unknown, with the closest names.
 */
export function lookupName<T extends { name: string; aliases?: readonly string[] | undefined }>(
  items: readonly T[],
  query: string,
  partial: boolean,
): Lookup<T> {
  const wanted = normaliseName(query);
  const names = (item: T) => [item.name, ...(item.aliases ?? [])].map(normaliseName);
  const exact = items.find((item) => names(item).includes(wanted));
  if (exact) return { kind: "found", item: exact };
  const containing = partial && wanted.length > 0 ? items.filter((item) => names(item).some((n) => n.includes(wanted))) : [];
  if (containing.length === 1 && containing[0]) return { kind: "found", item: containing[0] };
  if (containing.length > 1) return { kind: "ambiguous", matches: containing };
  // A typed name often lacks a suffix ("RTX 5090" for "RTX 5090 32GB"), so compare with the same-length prefix first.
  const ranked = items
    .map((item, index) => {
      const all = names(item);
      const prefix = Math.min(...all.map((n) => editDistance(wanted, n.slice(0, wanted.length))));
      const distance = Math.min(...all.map((n) => editDistance(wanted, n)));
      return { item, index, prefix, distance };
    })
    .sort((a, b) => a.prefix - b.prefix || a.distance - b.distance || a.index - b.index);
  return { kind: "unknown", closest: ranked.slice(0, SUGGESTIONS).map((r) => r.item) };
}
