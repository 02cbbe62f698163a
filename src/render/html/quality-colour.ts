/** Viridis at five stops: ordered in lightness, readable in grey and by the common colour-vision deficiencies. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

const hex = (rgb: readonly number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/** The colour of a share from 0 (lowest) to 1 (highest) along the palette. */
export function paletteColour(share: number): string {
  const t = Math.min(1, Math.max(0, share)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  const f = t - i;
  return hex(a.map((v, k) => v + (b[k]! - v) * f));
}

/** The palette as a CSS gradient, for a legend. */
export const PALETTE_GRADIENT = `linear-gradient(to right, ${STOPS.map((s) => hex(s)).join(", ")})`;
