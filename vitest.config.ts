import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests validate every data file with zod on every load: no build-time texts.
  define: { __VERSION__: JSON.stringify("0.0.0-test") },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "threads",
    // Both cores: vitest's default leaves one to its main process, which only waits.
    maxWorkers: 2,
    // Files share a worker's modules (and the planners test/helpers/catalog.ts loads once): re-importing
    // the sources and re-validating the data for each of ~50 files was half the suite's time. No test
    // mocks modules or changes process-wide state, which is what isolation would guard against.
    isolate: false,
    testTimeout: 30_000,
  },
});
