/**
 * The result object both checks return (types.ts), assembled from the
 * per-direction reports: the slope verdict (median over directions) joins the
 * other failures here.
 */
import type { CheckResult, DirectionReport } from "./types.js";

/**
 * The slope verdict over the directions: the median of their decided slopes
 * (directions with round-off everywhere abstain). A wrong formula shows the
 * lower slope along every direction; a right one may dip along one direction
 * where Taylor terms of neighbouring orders cancel, and the median outvotes it.
 * Pushes the failure onto `failures`; returns the median (null: all abstained).
 */
export function slopeVerdict(slopes: (number | null)[], order: number, tolerance: number, what: string, failures: string[]): number | null {
  const median = medianSlope(slopes);
  if (median === null) return null;
  if (median < order - tolerance) {
    const list = slopes.map((s) => (s === null ? "round-off" : s.toFixed(2))).join(", ");
    failures.push(
      `Taylor remainder slope ${median.toFixed(2)} (median over directions: ${list}), expected ≥ ${order - tolerance} (${order} for a right ${what}, ${order - 1} for a wrong one)`,
    );
  }
  return median;
}

/** The median of the decided slopes (null where every direction abstained). */
export function medianSlope(slopes: readonly (number | null)[]): number | null {
  const decided = slopes.filter((s): s is number => s !== null).sort((a, b) => a - b);
  if (decided.length === 0) return null;
  const mid = decided.length / 2;
  return decided.length % 2 ? decided[Math.floor(mid)] : 0.5 * (decided[mid - 1] + decided[mid]);
}

export function finishResult(args: {
  kind: "gradient" | "hessian";
  reports: DirectionReport[];
  failures: string[];
  slopeTolerance: number;
  seed: number;
  full: number | null;
  /** the full comparison's resolution (relative; 0 when not run) */
  fullResolution: number;
  symmetry: number | null;
  linearity: number | null;
  evaluations: number;
}): CheckResult {
  const order = args.kind === "gradient" ? 2 : 3;
  const slopes = args.reports.map((rp) => rp.slope);
  const slope = slopeVerdict(slopes, order, args.slopeTolerance, args.kind === "gradient" ? "gradient" : "Hessian", args.failures);
  return {
    kind: args.kind,
    ok: args.failures.length === 0,
    slope,
    expectedSlope: order,
    slopes,
    // no directions measured (a non-finite derivative failed first): the error is unbounded
    relativeErrors: {
      directional: args.reports.length ? Math.max(...args.reports.map((rp) => rp.fdError)) : Infinity,
      full: args.full,
      resolution: Math.max(args.fullResolution, ...args.reports.map((rp) => rp.fdResolution)),
      symmetry: args.symmetry,
      linearity: args.linearity,
    },
    seed: args.seed,
    directions: args.reports.length,
    failures: args.failures,
    plot: { directions: args.reports, expectedSlope: order },
    evaluations: args.evaluations,
  };
}
