import { describe, expect, it } from "vitest";
import { runInProcess } from "../helpers/run-cli.js";

/** Every bad input of issue 2: the flag named in one stderr line, exit 2, nothing on stdout. */
const BAD_INPUTS: [string[], RegExp][] = [
  [["--request-rate", "abc"], /--request-rate.*'abc'/],
  [["--request-rate", "0"], /--request-rate.*'0'.*greater than 0/],
  [["--request-rate", "-1"], /--request-rate.*'-1'/],
  [["--request-rate", "Infinity"], /--request-rate.*'Infinity'/],
  [["--request-rate", "NaN"], /--request-rate.*'NaN'/],
  [["--latency-slo", "0"], /--latency-slo.*'0'/],
  [["--latency-slo", "fast"], /--latency-slo.*'fast'/],
  [["--quality-target", "1.5"], /--quality-target.*'1\.5'.*between 0 and 1/],
  [["--quality-target", "-0.1"], /--quality-target.*'-0\.1'/],
  [["--budget", "-5"], /--budget.*'-5'.*between 0 and/],
  [["--budget", "1e400"], /--budget.*'1e400'/],
  [["--context-length", "0"], /--context-length.*'0'/],
  [["--context-length", "2.5"], /--context-length.*'2\.5'/],
  [["--context-length", "99999999"], /--context-length.*'99999999'.*1048576/],
  [["--avg-tokens", "-3"], /--avg-tokens.*'-3'/],
  [["--avg-tokens", "many"], /--avg-tokens.*'many'/],
  [["--model-size", "banana"], /--model-size.*'banana'.*size class/],
  [["--model-size", "0b"], /--model-size.*'0b'/],
  [["--hardware", "RTX 4060 Ti"], /--hardware.*'RTX 4060 Ti'.*ambiguous.*"RTX 4060 Ti 8GB", "RTX 4060 Ti 16GB"/],
  [["--hardware", "RTX 5099"], /--hardware.*'RTX 5099'.*not a known GPU.*"RTX 5090 32GB"/],
  [["--hardware", "RTX 4060 8GB,RTX 4060 Ti 8GB"], /--hardware.*'RTX 4060 8GB,RTX 4060 Ti 8GB' names no GPU with a price on the on-demand basis: give --gpu-price, or another --price-basis/],
  [["--price-basis", "cheapest"], /--price-basis.*'cheapest'.*on-demand, marketplace, owned, any/],
  [["--owned-years", "0"], /--owned-years.*'0'.*greater than 0/],
  [["--electricity-usd-per-kwh", "-0.1"], /--electricity-usd-per-kwh.*'-0\.1'/],
  [["--gpu-memory", "24"], /--gpu-memory.*needs --gpu-bandwidth/],
  [["--gpu-bandwidth", "-3"], /--gpu-bandwidth.*'-3'/],
  [["--model", "llama9"], /--model.*'llama9'.*not a known model. Closest/],
  [["--model-config", "no-such-config.json"], /--model-config no-such-config\.json: cannot read \(no such file\)/],
  [["--params-b", "7"], /a model without --model-config needs --n-layers, --n-kv-heads, --head-dim, --hidden-size/],
  [["--unknown-quality", "maybe"], /--unknown-quality.*'maybe'.*pass, reject/],
  [["--published-target", "23.76"], /--published-target.*'23\.76'.*between 0 and 1/],
  [["--workload", "batch"], /--workload.*'batch'.*chat, rag, code, summarize, agent/],
  [["--workload", "agent", "--context-length", "32768"], /--workload <preset>' argument 'agent' gives 49141 prompt and 659 output tokens, which do not fit the 32768-token --context-length/],
  [["--hardware", "A100"], /--hardware.*'A100'.*ambiguous/],
  [["--models-path", "no-such-file.json"], /--models-path no-such-file\.json: cannot read \(no such file\)/],
  [["--prefix-cache-hit-rate", "1.2"], /--prefix-cache-hit-rate.*'1\.2'.*between 0 and 1/],
  [["--shared-prefix-tokens", "2000", "--prompt-tokens", "1000"], /--shared-prefix-tokens.*'2000' is longer than the 1000-token prompt.*--prompt-tokens/],
  [["--reasoning-tokens", "-1"], /--reasoning-tokens.*'-1'/],
  [["--speculative", "medusa"], /--speculative.*'medusa'.*"draft:<model>", "eagle" or "mtp"/],
  [["--acceptance", "0.7"], /--acceptance.*'0\.7' needs --speculative/],
  [["--speculative", "eagle", "--acceptance", "2"], /--acceptance.*'2'.*between 0 and 1/],
  [["--speculative", "mtp", "--model", "llama3.1-8b"], /--speculative.*'mtp': llama3\.1-8b ships no multi-token prediction heads/],
  [["--speculative", "eagle", "--speculative-tokens", "0"], /--speculative-tokens.*'0'/],
  [["--frobnicate"], /unknown option '--frobnicate'/],
  [["--jsn"], /unknown option '--jsn' \(Did you mean --json\?\)/],
  [["--budget"], /--budget.*argument missing/],
  [["extra-argument"], /too many arguments/],
];

describe("bad input", () => {
  it.each(BAD_INPUTS)("rejects plan %j with one line on stderr naming the flag, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await runInProcess(["plan", ...args]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^error: /);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
