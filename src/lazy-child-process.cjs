// Commander requires node:child_process at load, for executable subcommands this CLI never has; loading it
// (and the net and stream modules it pulls in) cost a tenth of a plan's run. tsup aliases every import of
// node:child_process to this module, which loads child_process only if something ever uses it: Commander's
// spawn, and the execFile of `--hardware auto` (src/cli/detect-gpus.ts).
module.exports = {
  spawn: (...args) => require("child_process").spawn(...args),
  execFile: (...args) => require("child_process").execFile(...args),
};
