import type { Replica } from "../laws/replica.js";
import { exponential, gamma, seeded } from "./random.js";
import type { ArrivalProcess } from "./simulate.js";

/** One request as it arrives. */
export interface Arrival {
  atS: number;
  promptTokens: number;
  outputTokens: number;
}

/** The requests of a run, handed out as time passes. */
export interface ArrivalSource {
  /** Requests in the run. */
  total: number;
  /** Whether arrivals come regardless of completions (open loop), or only after them (closed loop). */
  open: boolean;
  /** The next request arrived by `time`, if any (each once). */
  next(time: number): Arrival | undefined;
  /** When the next request will arrive, if any is due. */
  nextTime(): number | undefined;
  /** A request completed at `time` (a closed loop's user sends its next one then). */
  completed(time: number): void;
}

/** Arrivals from a list sorted by time. */
function listed(list: Arrival[], open = true): ArrivalSource {
  let i = 0;
  return {
    total: list.length,
    open,
    next: (time) => (i < list.length && list[i]!.atS <= time ? list[i++] : undefined),
    nextTime: () => list[i]?.atS,
    completed: () => undefined,
  };
}

/**
 * The arrivals of a process: `count` requests of the replica's prompt and output lengths (a trace brings
 * its own), gaps drawn from a generator seeded with `seed`.
 */
export function arrivals(process: ArrivalProcess, count: number, seed: number, r: Pick<Replica, "promptTokens" | "outputTokens">): ArrivalSource {
  const request = (atS: number): Arrival => ({ atS, promptTokens: r.promptTokens, outputTokens: r.outputTokens });
  const random = seeded(seed);
  switch (process.kind) {
    case "poisson": {
      let t = 0;
      return listed(Array.from({ length: count }, () => request((t += exponential(random, process.rate)))));
    }
    case "gamma": {
      // Gaps of mean 1/rate and coefficient of variation cv: shape 1/cv², scale cv²/rate.
      const shape = 1 / (process.cv * process.cv);
      let t = 0;
      return listed(Array.from({ length: count }, () => request((t += gamma(random, shape) / (shape * process.rate)))));
    }
    case "burst":
      return listed(Array.from({ length: process.size }, () => request(0)), false);
    case "trace":
      return listed(
        [...process.requests].sort((a, b) => a.arrivalS - b.arrivalS).map((q) => ({ atS: q.arrivalS, promptTokens: q.promptTokens, outputTokens: q.outputTokens })),
      );
    case "closed": {
      // Every user sends one request at once, then the next as soon as its last completes.
      const users = Math.max(1, Math.min(process.users, count));
      const due: number[] = Array.from({ length: users }, () => 0);
      let sent = 0;
      return {
        total: Math.max(count, users),
        open: false,
        next(time) {
          if (sent >= Math.max(count, users) || due.length === 0 || due[0]! > time) return undefined;
          sent++;
          return request(due.shift()!);
        },
        nextTime: () => (sent < Math.max(count, users) ? due[0] : undefined),
        completed(time) {
          if (sent + due.length < Math.max(count, users)) due.push(time);
        },
      };
    }
  }
}
