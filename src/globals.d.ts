/** The package version, injected at build time by tsup (and by vitest in tests). */
declare const __VERSION__: string;
