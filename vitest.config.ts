import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests validate every data file with zod on every load: no build-time texts.
  define: { __VERSION__: JSON.stringify("0.0.0-test") },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "threads",
    testTimeout: 30_000,
  },
});
