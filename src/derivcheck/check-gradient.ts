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
 *    estimate. For small x also every coordinate (the full gradient).
 */
import type { Matrix } from "../linalg/matrix.js";
import { asMatrix, type MatrixLike } from "../linalg/matrix.js";
import { frobeniusNorm, inner } from "../linalg/ops.js";
import { rng } from "../linalg/random.js";
import { randomDirection, TAYLOR_GRID, tryEval } from "./directions.js";
import { step } from "./finite-difference.js";
import { estimateNoise } from "./noise.js";
import { ridders, riddersRobust } from "./ridders.js";
import { slopeAboveFloor, taylorRemainders } from "./taylor.js";
import { finishResult } from "./result.js";
import type { CheckOptions, CheckResult, DirectionReport, ScalarFn } from "./types.js";

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
): { error: number; uncertainty: number; ok: boolean } {
  const s = Math.max(scale, Number.MIN_VALUE);
  const ok = diff <= tolerance * scale + 10 * uncertainty + resolution;
  return { error: diff / s, uncertainty: uncertainty / s, ok };
}

/**
 * The smallest derivative difference a difference quotient resolves: the noise
 * of the function divided by the smallest step taken, times 30 for the
 * amplification of noise by the extrapolation tableau.
 */
export function fdResolution(noise: number, hMin: number): number {
  return (30 * noise) / hMin;
}

export function checkGradient(fIn: ScalarFn, gradIn: (x: Matrix) => MatrixLike, xIn: MatrixLike, opts: CheckOptions = {}): CheckResult {
  const o = { ...DEFAULTS, ...opts };
  const x = asMatrix(xIn);
  const { f, count } = counted(fIn);
  const grad = (p: Matrix): Matrix => asMatrix(gradIn(p));
  const r = rng(o.seed);
  const g = grad(x);
  if (g.rows !== x.rows || g.cols !== x.cols) throw new RangeError(`checkGradient: grad(x) is ${g.rows}×${g.cols}, x is ${x.rows}×${x.cols}`);
  const f0 = f(x);
  const failures: string[] = [];
  const reports: DirectionReport[] = [];
  let noise = EPS * Math.max(Math.abs(f0), o.magnitude ?? 0);
  for (let k = 0; k < o.directions; k++) {
    const v = randomDirection(x, r, o.project);
    const gv = inner(g, v);
    const rem = taylorRemainders(f, x, v, g, null, TAYLOR_GRID);
    const floor = floorAlong(f, x, v, f0, o.magnitude ?? 0, rem, rem.e1);
    noise = Math.max(noise, floor);
    const slope = slopeAboveFloor(rem.t, rem.e1, floor);
    const est = riddersRobust((h0) => ridders((h) => tryEval(() => f(step(x, h, v))), h0), FD_START);
    // relative to |⟨∇f, v⟩|, or to the coarse slope where the derivative itself is (nearly) 0
    const fd = compareFd(Math.abs(est.value - gv), est.error, Math.max(Math.abs(gv), Math.abs(est.coarse) || 0), o.fdTolerance, fdResolution(floor, est.hMin));
    reports.push({ slope, fdError: fd.error, fdUncertainty: fd.uncertainty, floor, t: rem.t, e1: rem.e1.map(Math.abs) });
    if (!fd.ok) {
      failures.push(`finite differences along direction ${k} disagree with ⟨∇f, v⟩ by ${fd.error.toExponential(2)} relative (tolerance ${o.fdTolerance}, FD uncertainty ${fd.uncertainty.toExponential(1)})`);
    }
  }
  let full: number | null = null;
  const d = x.data.length;
  if (o.full === true || ((o.full ?? "auto") === "auto" && d <= 64)) {
    const cmp = fullGradientComparison(f, x, g, o.fdTolerance, noise);
    full = cmp.error;
    if (!cmp.ok) failures.push(`full finite-difference gradient differs by ${cmp.error.toExponential(2)} relative (tolerance ${o.fdTolerance})`);
  }
  return finishResult({ kind: "gradient", reports, failures, slopeTolerance: o.slopeTolerance, seed: o.seed, full, symmetry: null, evaluations: count() });
}

/** The finite-difference gradient, coordinate by coordinate, against g (normwise). */
function fullGradientComparison(f: ScalarFn, x: Matrix, g: Matrix, tolerance: number, noise: number): ReturnType<typeof compareFd> {
  const h0 = FD_START * Math.max(frobeniusNorm(x), 1);
  let diff = 0, unc = 0, res = 0;
  const e = { rows: x.rows, cols: x.cols, data: new Float64Array(x.data.length) };
  for (let k = 0; k < x.data.length; k++) {
    e.data.fill(0);
    e.data[k] = 1;
    const est = riddersRobust((s) => ridders((h) => tryEval(() => f(step(x, h, e))), s), h0);
    diff += (est.value - g.data[k]) ** 2;
    unc += est.error ** 2;
    res += fdResolution(noise, est.hMin) ** 2;
  }
  return compareFd(Math.sqrt(diff), Math.sqrt(unc), frobeniusNorm(g), tolerance, Math.sqrt(res));
}
