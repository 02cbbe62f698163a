import type { FieldWords } from "../core/planner/errors.js";
import { own } from "../core/own.js";

/** The flag of each request field, as the command line spells it (with its argument). */
const FLAGS: Readonly<Record<string, string>> = {
  model: "--model <name>",
  modelSize: "--model-size <size>",
  modelConfig: "--model-config <file>",
  modelShape: "--params-b <billions>",
  paramsB: "--params-b <billions>",
  nLayers: "--n-layers <n>",
  nKvHeads: "--n-kv-heads <n>",
  headDim: "--head-dim <n>",
  hiddenSize: "--hidden-size <n>",
  contextWindow: "--context-window <tokens>",
  quant: "--quant <level>",
  backend: "--backend <name>",
  hardware: "--hardware <gpu>",
  gpu: "--gpu-memory <GB>",
  gpuUsdPerHour: "--gpu-price <dollars/h>",
  priceBasis: "--price-basis <basis>",
  ownedYears: "--owned-years <years>",
  electricityUsdPerKwh: "--electricity-usd-per-kwh <rate>",
  requestRate: "--request-rate <req/s>",
  workload: "--workload <preset>",
  promptTokens: "--prompt-tokens <tokens>",
  outputTokens: "--avg-tokens <tokens>",
  contextLength: "--context-length <tokens>",
  latencySloMs: "--latency-slo <ms>",
  ttftSloMs: "--ttft-slo <ms>",
  tpotSloMs: "--tpot-slo <ms>",
  percentile: "--percentile <p>",
  arrival: "--arrival <process>",
  trace: "--trace <file>",
  seed: "--seed <n>",
  qualityTarget: "--quality-target <score>",
  publishedQualityTarget: "--published-target <score>",
  unknownQuality: "--unknown-quality <policy>",
  budgetUsdPerMonth: "--budget <dollars>",
  kvDtype: "--kv-dtype <type>",
  expertParallel: "--ep",
  prefixCacheHitRate: "--prefix-cache-hit-rate <share>",
  sharedPrefixTokens: "--shared-prefix-tokens <tokens>",
  reasoningTokens: "--reasoning-tokens <tokens>",
  speculative: "--speculative <method>",
  acceptanceRate: "--acceptance <rate>",
  speculativeTokens: "--speculative-tokens <k>",
  compareApi: "--compare-api",
  tensorParallel: "--tp <n>",
  maxGpus: "--max-gpus <n>",
  fleet: "--fleet <gpus>",
  limit: "--top <n>",
  maxRate: "--max-rate",
  report: "--report <file>",
  replicas: "--replicas <n>",
  concurrency: "--concurrency <n>",
  basePort: "--launch-port <port>",
  format: "--format <format>",
  calibration: "--calibration <file>",
  out: "--out <file>",
};

/** A field's flag with its argument ("--hardware <gpu>"), or the field itself if the command line has none. */
function flagOf(field: string): string {
  return own(FLAGS, field) ?? field;
}

/** A field's flag alone ("--hardware"). */
function longFlag(field: string): string {
  return flagOf(field).split(" ")[0]!;
}

/**
 * Fields in the command line's words: "option '--hardware <gpu>' argument 'RTX 4091' is not a known GPU".
 * A config.json is named by its file, as given.
 */
export function cliWords(modelConfigFile?: string): FieldWords {
  return {
    field: longFlag,
    subject(field, value) {
      if (field === "modelConfig" && modelConfigFile !== undefined) return `--model-config ${modelConfigFile}`;
      return value === undefined ? `option '${flagOf(field)}'` : `option '${flagOf(field)}' argument '${value}'`;
    },
  };
}
