import type { ArrivalProcess } from "./simulate.js";

/** An arrival process as a request names it, before the rate or trace it needs is known. */
export type ArrivalSpec = { kind: "poisson" } | { kind: "gamma"; cv: number } | { kind: "closed"; users: number } | { kind: "burst"; size: number };

/** What an arrival must look like, in words. */
export const ARRIVAL_EXPECTED = 'expected "poisson", "gamma:<cv>" (a coefficient of variation above 0, at most 100), "closed:<users>" or "burst:<requests>" (whole numbers from 1 to 100000)';

/** Parses "poisson", "gamma:1.5", "closed:8" or "burst:64"; undefined when it is none of them. */
export function parseArrival(text: string): ArrivalSpec | undefined {
  const [kind, value, extra] = text.trim().toLowerCase().split(":");
  if (extra !== undefined) return undefined;
  if (kind === "poisson") return value === undefined ? { kind: "poisson" } : undefined;
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  if (kind === "gamma") return n > 0 && n <= 100 ? { kind: "gamma", cv: n } : undefined;
  if (!Number.isInteger(n) || n < 1 || n > 100_000) return undefined;
  if (kind === "closed") return { kind: "closed", users: n };
  if (kind === "burst") return { kind: "burst", size: n };
  return undefined;
}

/** A spec made a process: Poisson and gamma arrivals at `rate` per second. */
export function arrivalProcess(spec: ArrivalSpec, rate: number): ArrivalProcess {
  switch (spec.kind) {
    case "poisson":
      return { kind: "poisson", rate };
    case "gamma":
      return { kind: "gamma", rate, cv: spec.cv };
    case "closed":
      return { kind: "closed", users: spec.users };
    case "burst":
      return { kind: "burst", size: spec.size };
  }
}

/** How an arrival process is named in a result. */
export function arrivalName(process: ArrivalProcess): string {
  switch (process.kind) {
    case "poisson":
    case "trace":
      return process.kind;
    case "gamma":
      return `gamma:${process.cv}`;
    case "closed":
      return `closed:${process.users}`;
    case "burst":
      return `burst:${process.size}`;
  }
}
