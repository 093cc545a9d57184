/** numRuns for a property: its default, scaled by BWCHECK_RUNS (a multiplier, e.g. 10 for a long sweep). */
export function runs(defaultRuns: number): number {
  const factor = Number(process.env.BWCHECK_RUNS ?? "1");
  return Math.max(1, Math.round(defaultRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}
