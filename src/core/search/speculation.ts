import type { BackendFacts, ModelSpec, ScenarioSpeculation } from "../catalog/types.js";
import type { SpeculativeMethod } from "../kinds.js";

/** A --speculative value read: the method, and for "draft:<model>" the draft model's name. */
export interface SpeculativeSpec {
  method: SpeculativeMethod;
  draftModel?: string | undefined;
}

/** What --speculative takes, in words. */
export const SPECULATIVE_EXPECTED = 'expected "draft:<model>", "eagle" or "mtp"';

/** "eagle", "mtp" or "draft:<model>" read (case aside), or undefined. */
export function parseSpeculative(text: string): SpeculativeSpec | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === "eagle" || lower === "mtp") return { method: lower };
  const draft = /^draft:(.+)$/i.exec(t);
  const name = draft?.[1]?.trim();
  return name ? { method: "draft", draftModel: name } : undefined;
}

/** Whether a backend runs a speculative method: its facts list one tagged with it (data/engines.json, speculative.methods[].planner). */
export function backendSpeculates(facts: Pick<BackendFacts, "speculative">, method: SpeculativeMethod): boolean {
  return facts.speculative.methods.some((m) => m.planner === method);
}

/** Why a model cannot be drafted for as asked: no MTP heads, or a draft model of another vocabulary (or the model itself). */
export type SpeculationProblem = { code: "no_mtp_heads" } | { code: "draft_vocabulary"; draft: string; draftVocab: number; targetVocab: number } | { code: "draft_is_target" };

/**
 * Whether speculation as asked applies to `model`: MTP needs the heads its weights ship (DeepSeek-V3 and
 * R1: config.json num_nextn_predict_layers); a draft model must share the target's vocabulary (its
 * tokens are verified by the target's logits) and be another model. An EAGLE head is trained per model:
 * any model is taken to have one (the planner does not list which are published).
 */
export function speculationProblem(model: ModelSpec, s: ScenarioSpeculation): SpeculationProblem | undefined {
  if (s.method === "mtp") return (model.mtp_layers ?? 0) > 0 ? undefined : { code: "no_mtp_heads" };
  if (s.method !== "draft" || !s.draftModel) return undefined;
  if (s.draftModel === model) return { code: "draft_is_target" };
  const draftVocab = s.draftModel.vocab_size;
  if (draftVocab > 0 && model.vocab_size > 0 && draftVocab !== model.vocab_size) {
    return { code: "draft_vocabulary", draft: s.draftModel.name, draftVocab, targetVocab: model.vocab_size };
  }
  return undefined;
}
