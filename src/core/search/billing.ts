import type { ScoredOption } from "../engines/engine.js";
import { energyPerMonth } from "../hardware/energy.js";
import type { Scenario } from "../catalog/types.js";

/** What a deployment's GPUs draw in a month, kWh, and what that costs when billed, dollars; null when unknown or not billed. */
export interface Energy {
  kwhPerMonth: number | null;
  usdPerMonth: number | null;
}

/** Whether the scenario's GPU has a known price (without one, costs are weighed at a stand-in and not reported). */
export function priceKnown(scenario: Scenario): boolean {
  return scenario.billing?.basis !== null;
}

/** The energy `gpus` GPUs of the scenario draw in a month at `utilisation`; its cost when the scenario bills it. */
export function energyOf(scenario: Scenario, gpus: number, utilisation: number): Energy {
  const boardPowerW = scenario.gpu.boardPowerW;
  if (boardPowerW === undefined) return { kwhPerMonth: null, usdPerMonth: null };
  const energy = energyPerMonth({ boardPowerW, utilisation, gpus, usdPerKwh: scenario.billing?.electricityUsdPerKwh });
  return { kwhPerMonth: energy.kwh, usdPerMonth: energy.usd };
}

/**
 * A deployment as the budget gate and the ranking weigh it: its GPUs' monthly cost and, for owned
 * hardware with an electricity rate, the energy they draw at the deployment's utilisation.
 */
export function billed(scenario: Scenario, option: ScoredOption): ScoredOption {
  if (scenario.billing?.electricityUsdPerKwh === undefined || scenario.gpu.boardPowerW === undefined) return option;
  const utilisation = option.latency.utilisation;
  const energy = energyOf(scenario, option.sizing.gpusBilled, utilisation).usdPerMonth ?? 0;
  return { ...option, monthlyCost: option.monthlyCost + energy };
}
