/**
 * The share of its board power a GPU serving an LLM draws at the lightest load: one request in flight
 * drew 300 W of an H100 SXM's 700 W in the ML.ENERGY Benchmark v3.0, as the vLLM semantic router's
 * fleet simulator takes it (https://vllm-semantic-router.com/zh-Hans/docs/fleet-sim/power-model: "ML.ENERGY
 * Benchmark v3.0 (H100-SXM5, batch=1 → 300 W and batch=128 → 600 W)"). Other GPUs are assumed to keep
 * the H100's ratio, and full load to draw the board power (the H100 drew 600 W at batch 128): an estimate.
 */
export const LIGHT_LOAD_POWER_FRACTION = 300 / 700;

/** Hours in a month, as every monthly figure counts them (24 × 30). */
const HOURS_PER_MONTH = 24 * 30;

/**
 * Watts one GPU draws at `utilisation` (offered load over capacity): from the light-load share of its
 * board power at none to its board power at full load, in a straight line.
 */
export function powerW(boardPowerW: number, utilisation: number): number {
  const u = Math.min(1, Math.max(0, utilisation));
  return boardPowerW * (LIGHT_LOAD_POWER_FRACTION + (1 - LIGHT_LOAD_POWER_FRACTION) * u);
}

/** What a deployment's GPUs draw in a month: kWh, and dollars at `usdPerKwh` (null without a rate). */
export function energyPerMonth(f: { boardPowerW: number; utilisation: number; gpus: number; usdPerKwh?: number | undefined }): { kwh: number; usd: number | null } {
  const kwh = (powerW(f.boardPowerW, f.utilisation) * f.gpus * HOURS_PER_MONTH) / 1000;
  return { kwh, usd: f.usdPerKwh === undefined ? null : kwh * f.usdPerKwh };
}
