/** A map from data to drawing coordinates, with the values its axis marks. */
export interface Scale {
  at(x: number): number;
  ticks: number[];
  log: boolean;
}

/** A round step near `span / count`: 1, 2 or 5 times a power of ten. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** A linear scale over [lo, hi] widened to round ticks (a zero-width domain is widened around its value). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number], count = 5): Scale {
  let [lo, hi] = domain;
  if (!(hi > lo)) [lo, hi] = lo === 0 ? [0, 1] : [Math.min(0, lo * 2), Math.max(0, hi * 2)];
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 1e6; i++) ticks.push(Number((start + i * step).toPrecision(12)));
  const [a, b] = range;
  return { at: (x) => a + ((x - start) / (end - start)) * (b - a), ticks, log: false };
}

/** A log-10 scale over [lo, hi] (both positive), ticked at 1, 2 and 5 times powers of ten (powers alone over many decades). */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  let [lo, hi] = domain;
  if (!(hi > lo)) [lo, hi] = [lo / 2, hi * 2];
  // A little room either side, so the extremes are not drawn on the frame.
  lo /= 1.15;
  hi *= 1.15;
  const ticksOf = (mantissas: readonly number[]) => {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const t = Number((m * 10 ** e).toPrecision(12));
        if (t >= lo && t <= hi) ticks.push(t);
      }
    }
    return ticks;
  };
  // The coarsest set that still marks four values.
  const ticks = [[1], [1, 2, 5], [1, 1.5, 2, 3, 5, 7]].map(ticksOf).find((t) => t.length >= 4) ?? ticksOf([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]);
  const [a, b] = range;
  const l0 = Math.log10(lo);
  const l1 = Math.log10(hi);
  return { at: (x) => a + ((Math.log10(x) - l0) / (l1 - l0)) * (b - a), ticks, log: true };
}

/** A tick's value in few characters: thousands grouped, at most three significant figures below a thousand. */
export function tickText(x: number): string {
  if (Math.abs(x) >= 1000) return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return String(Number(x.toPrecision(3)));
}
