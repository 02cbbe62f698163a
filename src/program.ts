import { Command } from "commander";
import { pairColorFlags } from "./cli/color-flags.js";
import type { Io } from "./cli/io.js";
import { addCalibrateCommand } from "./commands/calibrate.js";
import { addCapacityCommand } from "./commands/capacity.js";
import { addListHardwareCommand } from "./commands/list-hardware.js";
import { addListModelsCommand } from "./commands/list-models.js";
import { addMcpCommand } from "./commands/mcp.js";
import { addPlanCommand } from "./commands/plan.js";
import { addPredictCommand } from "./commands/predict.js";
import { addValidateCommand } from "./commands/validate.js";
import { own } from "./core/own.js";

/** Commander's "did you mean" hint goes on the error's own line: one failure, one line. */
function oneLine(text: string): string {
  return text.replace(/\n\((Did you mean [^)]*)\)/, " ($1)").trimEnd() + "\n";
}

/** Every command, by name, and how to add it. */
const COMMANDS: Readonly<Record<string, (program: Command, io: Io) => void>> = {
  plan: addPlanCommand,
  predict: addPredictCommand,
  capacity: addCapacityCommand,
  validate: addValidateCommand,
  calibrate: addCalibrateCommand,
  "list-hardware": addListHardwareCommand,
  "list-models": addListModelsCommand,
  mcp: addMcpCommand,
};

/**
 * Builds the chimeraforge command line around `io`; it throws instead of exiting (see cli.ts). Given the
 * arguments, it builds only the command they run (building every command's options costs start-up time);
 * without a known command it builds them all, for help, suggestions and errors. Commander's own error
 * lines go to `onError`.
 */
export function createProgram(io: Io, argv?: readonly string[], onError: (line: string) => void = io.stderr): Command {
  const program = new Command("chimeraforge")
    .description("Offline capacity planner for LLM inference: which model, quantization, backend and how many GPUs.")
    .version(__VERSION__, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // A parse error goes to `onError` (main reports it, as JSON when --json asked for JSON).
      outputError: (text) => onError(oneLine(text)),
    });
  const only = argv?.[0] !== undefined ? own(COMMANDS, argv[0]) : undefined;
  for (const add of only ? [only] : Object.values(COMMANDS)) add(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput());
    pairColorFlags(command);
  }
  program.addHelpText(
    "after",
    `
Examples:
  $ chimeraforge plan --model-size 3b --request-rate 2 --budget 50
  $ chimeraforge plan --hardware "RTX 4090 24GB" --json
  $ chimeraforge predict --model llama3.2-3b --quant Q4_K_M --backend ollama
  $ chimeraforge capacity --model llama3.1-8b --quant FP16 --backend vllm --hardware "H100 SXM"
  $ chimeraforge validate
  $ chimeraforge calibrate bench.jsonl --out calibration.json
  $ chimeraforge list-hardware
  $ chimeraforge mcp`,
  );
  return program;
}
