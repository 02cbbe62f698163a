import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT_CLI, type RunResult } from "../helpers/run-cli.js";
import { DATA_DIR } from "../helpers/catalog.js";

const root = mkdtempSync(join(tmpdir(), "chimeraforge-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A copy of the built CLI, so a rebuild while these tests run (another test run) changes no build id under them.
const cli = join(root, "package", "dist", "cli.cjs");
mkdirSync(dirname(cli), { recursive: true });
for (const file of ["cli.cjs", "main.cjs", "validated-data.bin"]) cpSync(join(dirname(BUILT_CLI), file), join(dirname(cli), file));
symlinkSync(DATA_DIR, join(root, "package", "data"));

/** Runs the built CLI with its code cache in `directory`. */
function run(directory: string, args = ["list-models"], extra: Record<string, string> = {}, node: string[] = [], timeout?: number): RunResult {
  const result = spawnSync(process.execPath, [...node, cli, ...args], {
    encoding: "utf8",
    timeout,
    env: { PATH: process.env.PATH, NO_COLOR: "1", CHIMERAFORGE_CACHE_DIR: directory, ...extra },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The cache files in `directory`. */
function cacheFiles(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => name.endsWith(".v8"));
  } catch {
    return [];
  }
}

/** A seeded generator (mulberry32), so a failing corruption can be replayed. */
function random(seed: number): { int(below: number): number; bytes(length: number): Buffer } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (below: number) => Math.floor(next() * below);
  return { int, bytes: (length) => Buffer.from(Array.from({ length }, () => int(256))) };
}

type Random = ReturnType<typeof random>;

/**
 * Ways a cache file gets damaged; `header` is where V8's data starts, after this CLI's header line. V8
 * checks its data's checksum, so all but "V8's header" must be rejected, and then rewritten; V8 ignores a
 * few bits of its own header (a payload length that shrank), so there only the output is checked.
 */
const CORRUPTIONS: Record<string, (good: Buffer, header: number, r: Random) => Buffer> = {
  "first 64 bytes kept, the rest random": (good, _, r) => Buffer.concat([good.subarray(0, 64), r.bytes(good.length - 64)]),
  "header and 64 bytes of V8's kept, the rest random": (good, header, r) => Buffer.concat([good.subarray(0, header + 64), r.bytes(good.length - header - 64)]),
  "a few bits flipped past V8's header": (good, header, r) => {
    const bad = Buffer.from(good);
    for (let i = 0, flips = 1 + r.int(6); i < flips; i++) {
      const at = header + 64 + r.int(good.length - header - 64);
      bad[at] = bad[at]! ^ (1 << r.int(8));
    }
    return bad;
  },
  "V8's header": (good, header, r) => {
    const bad = Buffer.from(good);
    const at = header + r.int(64);
    bad[at] = bad[at]! ^ (1 << r.int(8));
    return bad;
  },
  "random bytes": (good, _, r) => r.bytes(1 + r.int(good.length)),
  "the header kept, V8's data random": (good, header, r) => Buffer.concat([good.subarray(0, header), r.bytes(good.length - header)]),
  truncated: (good, _, r) => good.subarray(0, r.int(good.length)),
  "truncated, with a header that says so": (good, header, r) => {
    const payload = good.subarray(header, header + 1 + r.int(good.length - header - 1));
    const line = good.toString("latin1", 0, header).replace(/ \d+ *\n$/, ` ${payload.length}`);
    return Buffer.concat([Buffer.from(line.padEnd(Math.ceil((line.length + 1) / 8) * 8 - 1) + "\n", "latin1"), payload]);
  },
  empty: () => Buffer.alloc(0),
};

describe("the code cache", () => {
  it("is written outside the package on the first run and used, unchanged, on the next", () => {
    const directory = join(root, "fresh");
    const first = run(directory);
    expect(first.code).toBe(0);
    const [name] = cacheFiles(directory);
    expect(name).toMatch(new RegExp(`^main-.+-${process.version}-${process.arch}\\.v8$`));
    const before = statSync(join(directory, name!));
    const second = run(directory);
    expect(second).toEqual(first);
    // A rejected cache would have been replaced (a new file renamed over it).
    expect(statSync(join(directory, name!)).ino).toBe(before.ino);
  });

  it("survives every kind of corruption: exit 0, the same output, and a rejected cache rewritten", { timeout: 180_000 }, () => {
    const directory = join(root, "corrupted");
    const reference = run(directory);
    expect(reference.code).toBe(0);
    const file = join(directory, cacheFiles(directory)[0]!);
    const good = readFileSync(file);
    const header = good.indexOf(10) + 1;
    const label = good.toString("latin1", 0, header).replace(/ \d+ *\n$/, "");
    const r = random(20_240_601);
    const failures: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [way, corrupt] of Object.entries(CORRUPTIONS)) {
        const bad = corrupt(good, header, r);
        writeFileSync(file, bad);
        const result = run(directory);
        const after = readFileSync(file);
        const rewritten = !after.equals(bad) && after.toString("latin1", 0, label.length) === label;
        if (result.code !== 0 || result.stdout !== reference.stdout || result.stderr !== "" || (!rewritten && way !== "V8's header")) {
          failures.push(`${way} (round ${round}): exit ${result.code}, rewritten ${rewritten}, ${result.stderr.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("takes a FIFO or a link to /dev/zero in the cache's place for no cache: no hang, no endless read, and a cache written", () => {
    const directory = join(root, "devices");
    const reference = run(directory);
    const [name] = cacheFiles(directory);
    let checked = 0;
    for (const place of [(file: string) => execFileSync("mkfifo", [file]), (file: string) => symlinkSync("/dev/zero", file)]) {
      rmSync(join(directory, name!));
      place(join(directory, name!));
      const result = run(directory, ["list-models"], {}, [], 20_000);
      expect(result).toEqual(reference);
      expect(statSync(join(directory, name!)).isFile()).toBe(true);
      checked++;
    }
    expect(checked).toBe(2);
  });

  it("deletes other builds' caches and leftover temporary files when it writes its own", () => {
    const directory = join(root, "stale");
    run(directory);
    const [own] = cacheFiles(directory);
    const stale = ["main-0.0.1-old-v18.0.0-x64.v8", `${own}.12345.tmp`];
    for (const name of stale) writeFileSync(join(directory, name), "old");
    writeFileSync(join(directory, "notes.txt"), "not ours");
    rmSync(join(directory, own!));
    expect(run(directory).code).toBe(0);
    expect(readdirSync(directory).sort()).toEqual([own, "notes.txt"].sort());
  });

  it("is off with CHIMERAFORGE_CODE_CACHE=0, and an unusable directory means no cache", () => {
    const off = join(root, "off");
    const result = run(off, ["list-models"], { CHIMERAFORGE_CODE_CACHE: "0" });
    expect(result.code).toBe(0);
    expect(cacheFiles(off)).toEqual([]);
    const notADirectory = join(root, "a-file");
    writeFileSync(notADirectory, "");
    const blocked = run(join(notADirectory, "cache"));
    expect(blocked).toEqual({ ...result });
  });

  it("is Node's own where Node has module.enableCompileCache, in the same directory", () => {
    const directory = join(root, "node22");
    const preload = join(root, "compile-cache.cjs");
    // Node 22's API, stood in for on Node 20: records the directory it is given.
    writeFileSync(preload, `require("node:module").enableCompileCache = (d) => process.stderr.write("compile cache in " + d + "\\n");`);
    const result = run(directory, ["--version"], {}, ["--require", preload]);
    expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), stderr: `compile cache in ${directory}\n` });
    expect(cacheFiles(directory)).toEqual([]);
  });
});
