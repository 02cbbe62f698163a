// ESLint: the recommended JavaScript and typescript-eslint rules, nothing more. `npm run lint`.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "build/", "coverage/", ".scratch/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The few plain JavaScript files run on Node: a bench script and a CommonJS shim.
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", require: "readonly", module: "writable" } },
  },
  {
    // The executable's files, bundled as CommonJS, load a module with require only when it is needed:
    // each one loaded up front costs start-up time. The CommonJS shims the bundle puts in a module's place
    // (tsup.config.ts) are required as what they replace.
    files: ["src/bin.ts", "src/cli.ts", "src/code-cache/**", "src/lazy-child-process.cjs", "src/render/string-width-for-tables.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // `_name` marks a parameter a signature needs and the body does not.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] },
  },
);
