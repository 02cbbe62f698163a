#!/usr/bin/env node
// Times `chimeraforge plan` (default flags, and --json) against bare Node start-up (`node -e 0`).
// Runs are interleaved so machine noise hits every command alike; prints medians and their ratio.
// The CLI keeps a code cache outside the package (src/bin.ts; ~/.cache/chimeraforge or CHIMERAFORGE_CACHE_DIR):
// the first run fills it, the rest use it, as for anyone who runs the planner twice. The "uncached" rows show runs without it.
// Usage: npm run bench [-- RUNS]   (default 20 runs each, at least 10)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.cjs", import.meta.url));
if (!existsSync(cli)) {
  console.error("bench: dist/cli.cjs is missing; run `npm run build` first");
  process.exit(2);
}
const runs = Math.max(10, Number(process.argv[2] ?? 20) || 20);
const uncached = { CHIMERAFORGE_CODE_CACHE: "0" };
const commands = {
  "node -e 0": [["-e", "0"]],
  "chimeraforge plan": [[cli, "plan"]],
  "chimeraforge plan --json": [[cli, "plan", "--json"]],
  "plan, uncached": [[cli, "plan"], uncached],
  "plan --json, uncached": [[cli, "plan", "--json"], uncached],
};

function time([args, extraEnv = {}]) {
  const env = { ...process.env, NO_COLOR: "1", ...extraEnv };
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ["ignore", "ignore", "inherit"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const command of Object.values(commands)) time(command); // warm the file and code caches
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(commands)) samples[name].push(time(command));
}
const base = median(samples["node -e 0"]);
console.log(`${runs} runs each, interleaved; median wall time:`);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`  ${name.padEnd(26)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)}× node -e 0`);
}
const target = 1.3;
for (const name of ["chimeraforge plan", "chimeraforge plan --json"]) {
  const ratio = median(samples[name]) / base;
  console.log(`${name}: ${ratio.toFixed(2)}× (target ${target}×: ${ratio <= target ? "met" : "not met"})`);
}
