/**
 * checkGradient(f, grad, x, opts): does `grad` compute ∇f at x?
 *
 * Along random directions v (norm max(‖x‖, 1)):
 * 1. Taylor remainder (Manopt's checkgradient): E1(t) = |f(x+tv) − f(x) − t⟨∇f, v⟩|
 *    falls like t² for a right gradient and like t for a wrong one. The slope is
 *    decided on the small-t side just above round-off (taylor.ts), where a
 *    gradient that is 0.1 % off has already turned to slope 1; the noise level
 *    of f along v is measured (ECnoise, noise.ts), not guessed.
 * 2. Finite differences (Ridders' extrapolation, ridders.ts) of t ↦ f(x+tv)
 *    against ⟨∇f, v⟩, relative to |⟨∇f, v⟩|, allowing for Ridders' own error
 *    estimate. For small x also every coordinate (the full gradient), along
 *    P(e_k) when the directions are projected.
 * Options, the point, f(x) and the gradient's shape are checked first
 * (validate.ts: errors, not verdicts); a non-finite gradient entry is a
 * failure; a direction along which no finite-difference step gives a finite
 * f is an error ("cannot judge"), not a refutation.
 */
import type { Matrix } from "../linalg/matrix.js";
import { asMatrix, type MatrixLike } from "../linalg/matrix.js";
import { frobeniusNorm, inner, scale } from "../linalg/ops.js";
import { rng } from "../linalg/random.js";
import { randomDirection, TAYLOR_GRID, tryEval } from "./directions.js";
import { step } from "./finite-difference.js";
import { estimateNoise } from "./noise.js";
import { ridders, riddersRobust, SMALLEST_STEP } from "./ridders.js";
import { evenPartSlope, slopeAboveFloor, taylorRemainders } from "./taylor.js";
import { finishResult, medianSlope } from "./result.js";
import type { CheckOptions, CheckResult, DirectionReport, ScalarFn } from "./types.js";
import { nonFiniteEntry, nonFiniteFailure, validateOptions, validatePoint, validateShape, validateValue } from "./validate.js";

export const DEFAULTS = {
  seed: 1,
  directions: 3,
  /**
   * Half an order: the decision boundary between a right formula (slope p)
   * and a wrong one (slope p − 1). Pre-asymptotic cancellation between Taylor
   * terms of neighbouring orders pulls right formulas' measured slopes below p
   * (seen down to p − 0.35 at random points by the no-false-alarm property),
   * never to p − 1 on the small-t side.
   */
  slopeTolerance: 0.5,
  fdTolerance: 1e-6,
  symmetryTolerance: 1e-8,
};

/** Ridders starts at 1 % of the direction's length (steps relative to x). */
export const FD_START = 1e-2;
/** ECnoise spacing along v, relative to x. */
export const NOISE_STEP = 1e-6;
const EPS = 2 ** -52;

/** Counts evaluations of f. */
export function counted(f: ScalarFn): { f: ScalarFn; count: () => number } {
  let k = 0;
  return { f: (x) => (k++, f(x)), count: () => k };
}

/**
 * Round-off floor of the remainder along v, the largest of:
 * - the noise of f measured by ECnoise (noise.ts);
 * - the remainder's own tail: the median |E(t)| over the four smallest t
 *   (1e-8 … 3e-8), where the Taylor terms are far below round-off. Where
 *   nearby evaluations share their rounding, ECnoise sees less noise than
 *   separates f(x) from f(x + tv); the tail shows the real level. (A wrong
 *   formula's tail is larger, δ·t; that only moves its judged stretch, which
 *   still shows the lower slope.)
 * - ε|f| on the judged stretch (t ≤ 0.1), and ε·magnitude.
 */
export function floorAlong(f: ScalarFn, x: Matrix, v: Matrix, f0: number, magnitude: number, rem: { t: number[]; values: number[] }, remainder: number[]): number {
  let near = Math.abs(f0);
  rem.t.forEach((t, i) => {
    if (t <= 0.1 && Number.isFinite(rem.values[i])) near = Math.max(near, Math.abs(rem.values[i]));
  });
  const tail = rem.t
    .map((t, i) => ({ t, e: Math.abs(remainder[i]) }))
    .filter((p) => Number.isFinite(p.e))
    .sort((a, b) => a.t - b.t)
    .slice(0, 4)
    .map((p) => p.e)
    .sort((a, b) => a - b);
  const tailLevel = tail.length ? tail[Math.floor(tail.length / 2)] : 0;
  return Math.max(estimateNoise(f, x, v, NOISE_STEP), tailLevel, EPS * near, EPS * magnitude);
}

/**
 * Finite difference against the formula: the relative error |fd − exact| / scale,
 * and whether it passes — within `tolerance`, after allowing ten times the
 * finite difference's own (Ridders) uncertainty and the resolution of a
 * difference quotient at all (fdResolution: what matters where the derivative
 * itself is 0, e.g. at a critical point).
 */
export function compareFd(
  diff: number,
  uncertainty: number,
  scale: number,
  tolerance: number,
  resolution: number,
): { error: number; uncertainty: number; ok: boolean; resolution: number } {
  const s = Math.max(scale, Number.MIN_VALUE);
  const ok = diff <= tolerance * scale + 10 * uncertainty + resolution;
  // resolution: the relative disagreement this comparison cannot tell from 0 (what it allows beyond the tolerance)
  return { error: diff / s, uncertainty: uncertainty / s, ok, resolution: (10 * uncertainty + resolution) / s };
}

/**
 * The smallest derivative difference a difference quotient resolves: the noise
 * of the function divided by the smallest step taken, times 30 for the
 * amplification of noise by the extrapolation tableau.
 */
export function fdResolution(noise: number, hMin: number): number {
  return (30 * noise) / hMin;
}

/**
 * The checker's "no verdict": `reason` "no data" where no finite-difference
 * step gave a finite value, "not twice differentiable" where f has no
 * second-order Taylor expansion at x (a kink, or a first derivative that is
 * not Lipschitz there, as |x|^1.2 at 0; kinkCheck). Neither refutes the
 * formula under test; a caller that knows f is smooth at x (the claims job,
 * at the paper's smooth points) may read the second as a finding about f.
 */
export class CannotJudgeError extends RangeError {
  constructor(
    message: string,
    readonly reason: "no data" | "not twice differentiable",
  ) {
    super(message);
    this.name = "CannotJudgeError";
  }
}

/**
 * Where no finite-difference step gave a finite value there is no data, and no
 * verdict either way: an error saying so, not a refutation of the formula.
 */
export function cannotJudge(who: string, what: string, along: string, firstStep: number): never {
  throw new CannotJudgeError(
    `${who}: cannot judge: ${what} is not finite at x ± h·${along} for any finite-difference step ` +
      `(tried ${(firstStep * SMALLEST_STEP).toExponential(1)} … ${firstStep.toExponential(1)} in length); x is at the edge of ${what}'s domain ` +
      `at the scale of the steps, 1 % of max(‖x‖, 1) and down`,
    "no data",
  );
}

/**
 * A remainder that falls like t can mean a wrong formula or an f without a
 * second-order expansion at x (a kink). The even part of f along v decides
 * (evenPartSlope: slope 2 where f is twice differentiable, whatever the
 * formula; 1 at a kink); below the threshold it is an error, not a
 * refutation: no formula could pass. Run only where the slope verdict fails
 * (the median over directions below the threshold: one direction's
 * pre-asymptotic dip, which the median outvotes, must not turn a right
 * formula into "cannot judge"), and then along the directions whose slope is
 * below it (33 more evaluations of f each).
 */
export type KinkCandidate = { k: number; v: Matrix; rem: { t: number[]; values: number[] }; floor: number; slope: number | null };

export function kinkCheck(who: string, f: ScalarFn, x: Matrix, f0: number, candidates: readonly KinkCandidate[], threshold: number): void {
  const median = medianSlope(candidates.map((c) => c.slope));
  if (median === null || median >= threshold) return;
  for (const c of candidates) {
    if (c.slope === null || c.slope >= threshold) continue;
    const even = evenPartSlope(f, x, c.v, f0, c.rem.t, c.rem.values, c.floor);
    if (even !== null && even < threshold) {
      throw new CannotJudgeError(
        `${who}: cannot judge: f is not twice differentiable at x along direction ${c.k}: its even part (f(x+tv) + f(x−tv))/2 − f(x) ` +
          `falls like t^${even.toFixed(2)}, not t² (a kink, or a first derivative that is not Lipschitz); no formula can pass the slope test here`,
        "not twice differentiable",
      );
    }
  }
}

export function checkGradient(fIn: ScalarFn, gradIn: (x: Matrix) => MatrixLike, xIn: MatrixLike, opts: CheckOptions = {}): CheckResult {
  validateOptions("checkGradient", opts);
  const o = { ...DEFAULTS, ...opts };
  const x = asMatrix(xIn);
  validatePoint("checkGradient", x);
  const { f, count } = counted(fIn);
  const grad = (p: Matrix): Matrix => asMatrix(gradIn(p));
  const r = rng(o.seed);
  const g = grad(x);
  validateShape("checkGradient", "grad(x)", g, x);
  const f0 = validateValue("checkGradient", f(x));
  const failures: string[] = [];
  const reports: DirectionReport[] = [];
  if (nonFiniteEntry(g) >= 0) {
    // no remainder or difference against a NaN/∞ gradient means anything: the one failure says why
    failures.push(nonFiniteFailure("grad(x)", g));
    return finishResult({ kind: "gradient", reports, failures, slopeTolerance: o.slopeTolerance, seed: o.seed, full: null, fullResolution: 0, symmetry: null, linearity: null, evaluations: count() });
  }
  let noise = EPS * Math.max(Math.abs(f0), o.magnitude ?? 0);
  const candidates: KinkCandidate[] = [];
  for (let k = 0; k < o.directions; k++) {
    const v = randomDirection(x, r, o.project);
    const gv = inner(g, v);
    const rem = taylorRemainders(f, x, v, g, null, TAYLOR_GRID);
    const floor = floorAlong(f, x, v, f0, o.magnitude ?? 0, rem, rem.e1);
    noise = Math.max(noise, floor);
    const slope = slopeAboveFloor(rem.t, rem.e1, floor);
    candidates.push({ k, v, rem, floor, slope });
    const est = riddersRobust((h0) => ridders((h) => tryEval(() => f(step(x, h, v))), h0), FD_START);
    const nv = frobeniusNorm(v);
    if (!Number.isFinite(est.value)) cannotJudge("checkGradient", "f", `v (direction ${k})`, FD_START * nv);
    // relative to |⟨∇f, v⟩|, or to the coarse slope where the derivative itself is (nearly) 0
    const fd = compareFd(Math.abs(est.value - gv), est.error, Math.max(Math.abs(gv), Math.abs(est.coarse) || 0), o.fdTolerance, fdResolution(floor, est.hMin));
    reports.push({ slope, fdError: fd.error, fdUncertainty: fd.uncertainty, fdResolution: fd.resolution, floor, t: rem.t, e1: rem.e1.map(Math.abs) });
    if (!fd.ok) {
      failures.push(`finite differences along direction ${k} disagree with ⟨∇f, v⟩ by ${fd.error.toExponential(2)} relative (tolerance ${o.fdTolerance}, FD uncertainty ${fd.uncertainty.toExponential(1)})`);
    }
  }
  kinkCheck("checkGradient", f, x, f0, candidates, 2 - o.slopeTolerance);
  let full: number | null = null, fullResolution = 0;
  const d = x.data.length;
  if (o.full === true || ((o.full ?? "auto") === "auto" && d <= 64)) {
    const cmp = fullGradientComparison(f, x, g, o.fdTolerance, noise, o.project);
    full = cmp.error;
    fullResolution = cmp.resolution;
    if (!cmp.ok) failures.push(`full finite-difference gradient differs by ${cmp.error.toExponential(2)} relative (tolerance ${o.fdTolerance})`);
  }
  return finishResult({ kind: "gradient", reports, failures, slopeTolerance: o.slopeTolerance, seed: o.seed, full, fullResolution, symmetry: null, linearity: null, evaluations: count() });
}

/** ‖a‖₂ without overflow or underflow of the squares (entries of 1e±200 are fine). */
function norm2(a: number[]): number {
  return frobeniusNorm({ rows: 1, cols: a.length, data: Float64Array.from(a) });
}

/**
 * The finite-difference gradient, coordinate by coordinate, against g (normwise):
 * along the coordinate directions e_k, or their projections P(e_k) when the
 * directions are projected (f may be defined on P's range only, e.g. read one
 * triangle of a symmetric matrix), where the formula's derivative is ⟨g, P(e_k)⟩;
 * a coordinate that P maps to 0 is no direction and is skipped.
 */
function fullGradientComparison(f: ScalarFn, x: Matrix, g: Matrix, tolerance: number, noise: number, project?: (v: Matrix) => MatrixLike): ReturnType<typeof compareFd> {
  const h0 = FD_START * Math.max(frobeniusNorm(x), 1);
  const diff: number[] = [], unc: number[] = [], res: number[] = [], exact: number[] = [];
  for (let k = 0; k < x.data.length; k++) {
    const unit = { rows: x.rows, cols: x.cols, data: new Float64Array(x.data.length) };
    unit.data[k] = 1;
    const e = project ? asMatrix(project(unit)) : unit;
    const ne = frobeniusNorm(e);
    if (ne === 0) continue;
    const ge = project ? inner(g, e) : g.data[k];
    // steps of length h0 whatever ‖P(e_k)‖: scale e to unit length, and the derivative with it
    const eUnit = project ? scale(e, 1 / ne) : e;
    const est = riddersRobust((s) => ridders((h) => tryEval(() => f(step(x, h, eUnit))), s), h0);
    if (!Number.isFinite(est.value)) cannotJudge("checkGradient", "f", `e_${k} (coordinate ${k}, row-major)`, h0);
    diff.push(est.value * ne - ge);
    unc.push(est.error * ne);
    res.push(fdResolution(noise, est.hMin) * ne);
    exact.push(ge);
  }
  return compareFd(norm2(diff), norm2(unc), norm2(exact), tolerance, norm2(res));
}
