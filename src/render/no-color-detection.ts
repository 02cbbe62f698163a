/**
 * chalk's colour detection (its vendored supports-color, `#supports-color`), as the bundle has it
 * (tsup.config.ts): the real one loads node:os and node:tty when the bundle starts, for every command, and
 * paint.ts gives chalk its level anyway (cli/color.ts decides, with --color, NO_COLOR and FORCE_COLOR).
 */
const supportsColor = { stdout: false, stderr: false } as const;

export default supportsColor;
