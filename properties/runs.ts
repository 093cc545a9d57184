/**
 * fast-check parameters for the property suites: numRuns scaled by
 * BWCHECK_RUNS (a multiplier, e.g. 10 for a long sweep), and a fixed seed so
 * that `npm test` checks the same points on every machine — BWCHECK_SEED
 * picks another sample (a failure prints the seed and path that replay it).
 */
export const DEFAULT_PROPERTY_SEED = 20230303;

export function runs(defaultRuns: number): number {
  const factor = Number(process.env.BWCHECK_RUNS ?? "1");
  return Math.max(1, Math.round(defaultRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

export function propertyParams(defaultRuns: number): { numRuns: number; seed: number } {
  const seed = Number(process.env.BWCHECK_SEED ?? DEFAULT_PROPERTY_SEED);
  return { numRuns: runs(defaultRuns), seed: Number.isInteger(seed) ? seed : DEFAULT_PROPERTY_SEED };
}
