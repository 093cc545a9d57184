/**
 * checkHessian(f, grad, hvp, x, opts): does `hvp(x, v)` compute ∇²f(x)[v]?
 *
 * Along random directions v (norm max(‖x‖, 1)):
 * 1. Taylor remainder (Manopt's checkhessian):
 *    E2(t) = |f(x+tv) − f(x) − t⟨∇f, v⟩ − t²/2 ⟨v, Hv⟩| falls like t³ for a
 *    right Hessian (and gradient), like t² otherwise; slope decided on the
 *    small-t side above the measured round-off, as in checkGradient.
 * 2. Finite differences (Ridders) of t ↦ ∇f(x+tv) against Hv, normwise
 *    relative to ‖Hv‖; for small x every column of the Hessian.
 * 3. Symmetry ⟨u, Hv⟩ = ⟨Hu, v⟩ for a second random u, relative to
 *    max(‖Hu‖‖v‖, ‖Hv‖‖u‖) — or, where H nearly vanishes, to its size nearby
 *    (the coarse difference quotient of ∇f) — after discounting the round-off
 *    100 σ_∇f / ‖x‖ of a Hessian that vanishes (σ_∇f: the noise of ∇f,
 *    measured along v by ECnoise).
 * 4. Linearity H(au + bv) = aHu + bHv (a = 0.75, b = −1.25), judged like
 *    symmetry: every direction has the same norm, so without it an hvp right
 *    only at that norm (one that normalises v) passes 1–3.
 */
import { asMatrix, type Matrix, type MatrixLike } from "../linalg/matrix.js";
import { axpy, frobeniusNorm, inner, scale, sub } from "../linalg/ops.js";
import { rng } from "../linalg/random.js";
import { cannotJudge, compareFd, counted, DEFAULTS, FD_START, fdResolution, floorAlong, type KinkCandidate, kinkCheck, NOISE_STEP } from "./check-gradient.js";
import { estimateNoiseVector } from "./noise.js";
import { finishResult } from "./result.js";

const EPS = 2 ** -52;
/** weights of the linearity test's combination a u + b v (not ±1: its norm must differ from the directions') */
const LINEAR_A = 0.75, LINEAR_B = -1.25;
import { randomDirection, TAYLOR_GRID } from "./directions.js";
import { step } from "./finite-difference.js";
import { riddersRobust, riddersVector } from "./ridders.js";
import { slopeAboveFloor, taylorRemainders } from "./taylor.js";
import type { CheckOptions, CheckResult, DirectionReport, ScalarFn } from "./types.js";
import { nonFiniteEntry, nonFiniteFailure, validateOptions, validatePoint, validateShape, validateValue } from "./validate.js";

/**
 * Ridders' finite difference of ∇f along v against Hv (max-norm; scale
 * ‖Hv‖_max unless given); the gradient's own round-off is taken as
 * ε‖∇f(x)‖_max.
 */
function hvpComparison(
  grad: (p: Matrix) => Matrix,
  x: Matrix,
  v: Matrix,
  hv: Matrix,
  tolerance: number,
  gradNoise: number,
  scale?: number,
): ReturnType<typeof compareFd> & { coarse: number } {
  const phi = (h: number): Float64Array => {
    try {
      return grad(step(x, h, v)).data;
    } catch {
      return new Float64Array(x.data.length).fill(Number.NaN);
    }
  };
  const est = riddersRobust((h0) => riddersVector(phi, h0), FD_START);
  const nv = frobeniusNorm(v);
  if (est.value.some((e) => !Number.isFinite(e))) cannotJudge("checkHessian", "∇f", "v", FD_START * nv);
  let diff = 0;
  for (let i = 0; i < est.value.length; i++) diff = Math.max(diff, Math.abs(est.value[i] - hv.data[i]));
  let hmax = 0, coarse = 0;
  for (let i = 0; i < hv.data.length; i++) {
    hmax = Math.max(hmax, Math.abs(hv.data[i]));
    coarse = Math.max(coarse, Math.abs(est.coarse[i]) || 0);
  }
  // relative to ‖Hv‖, or to the coarse difference quotient where Hv itself is (nearly) 0
  const cmp = compareFd(diff, est.error, scale ?? Math.max(hmax, coarse), tolerance, fdResolution(gradNoise, est.hMin));
  return { ...cmp, coarse };
}

export function checkHessian(
  fIn: ScalarFn,
  gradIn: (x: Matrix) => MatrixLike,
  hvpIn: (x: Matrix, v: Matrix) => MatrixLike,
  xIn: MatrixLike,
  opts: CheckOptions = {},
): CheckResult {
  validateOptions("checkHessian", opts);
  const o = { ...DEFAULTS, ...opts };
  const x = asMatrix(xIn);
  validatePoint("checkHessian", x);
  const { f, count } = counted(fIn);
  const grad = (p: Matrix): Matrix => asMatrix(gradIn(p));
  const hvp = (p: Matrix, v: Matrix): Matrix => {
    const h = asMatrix(hvpIn(p, v));
    validateShape("checkHessian", "hvp(x, v)", h, x);
    return h;
  };
  const r = rng(o.seed);
  const g = grad(x);
  validateShape("checkHessian", "grad(x)", g, x);
  const f0 = validateValue("checkHessian", f(x));
  // a non-finite derivative where f is finite is wrong; nothing else is measured against it
  const broken = (failure: string): CheckResult =>
    finishResult({ kind: "hessian", reports: [], failures: [failure], slopeTolerance: o.slopeTolerance, seed: o.seed, full: null, fullResolution: 0, symmetry: null, linearity: null, evaluations: count() });
  if (nonFiniteEntry(g) >= 0) return broken(nonFiniteFailure("grad(x)", g));
  // natural scales where ∇f or H vanish (e.g. x = 0): f's size over ‖x‖ (for ∇f) and ‖x‖² (for H), ‖x‖ at least 1
  const xs = Math.max(frobeniusNorm(x), 1);
  const gMax = Math.max(...Array.from(g.data, Math.abs));
  // The round-off of ∇f (absolute, per entry): at least ε‖∇f‖_max and ε (|f| + magnitude) / ‖x‖ (terms of f's
  // declared size cancel in ∇f too), raised to what ECnoise measures on ∇f itself along each direction. Measured
  // on ∇f, not inferred from f's noise: an f computed in float32 beside a ∇f in double must not loosen tests
  // that involve ∇f and hvp only (it let an hvp 2.6e-4 off and 2.7e-5 asymmetric pass).
  let gradNoise = EPS * Math.max(gMax, (Math.abs(f0) + (o.magnitude ?? 0)) / xs);
  const gradAt = (p: Matrix): Float64Array => {
    try {
      return grad(p).data.map((e) => (Number.isFinite(e) ? e : Number.NaN));
    } catch {
      return new Float64Array(x.data.length).fill(Number.NaN);
    }
  };
  const failures: string[] = [];
  const reports: DirectionReport[] = [];
  let symmetry = 0, linearity = 0;
  const d = x.data.length;
  const candidates: KinkCandidate[] = [];
  for (let k = 0; k < o.directions; k++) {
    const v = randomDirection(x, r, o.project);
    const hv = hvp(x, v);
    if (nonFiniteEntry(hv) >= 0) return broken(nonFiniteFailure("hvp(x, v)", hv));
    const rem = taylorRemainders(f, x, v, g, hv, TAYLOR_GRID);
    const e2 = rem.e2 as number[];
    const floor = floorAlong(f, x, v, f0, o.magnitude ?? 0, rem, e2);
    gradNoise = Math.max(gradNoise, estimateNoiseVector(gradAt, x, v, NOISE_STEP));
    const slope = slopeAboveFloor(rem.t, e2, floor);
    // a kink of f makes E2 fall like t too: the even part of f tells it from a wrong Hessian (its slope is 2 either way)
    candidates.push({ k, v, rem, floor, slope });
    const fd = hvpComparison(grad, x, v, hv, o.fdTolerance, gradNoise);
    reports.push({ slope, fdError: fd.error, fdUncertainty: fd.uncertainty, fdResolution: fd.resolution, floor, t: rem.t, e1: rem.e1.map(Math.abs), e2: e2.map(Math.abs) });
    if (!fd.ok) {
      failures.push(`finite differences of the gradient along direction ${k} disagree with Hv by ${fd.error.toExponential(2)} relative (tolerance ${o.fdTolerance}, FD uncertainty ${fd.uncertainty.toExponential(1)})`);
    }
    const u = randomDirection(x, r, o.project);
    const hu = hvp(x, u);
    if (nonFiniteEntry(hu) >= 0) return broken(nonFiniteFailure("hvp(x, v)", hu));
    // |⟨u, Hv⟩ − ⟨Hu, v⟩| relative to max(‖Hu‖‖v‖, ‖Hv‖‖u‖); a discrepancy within 100 (σ_∇f / ‖x‖) ‖u‖‖v‖
    // (σ_∇f / ‖x‖: the round-off of H's entries) is round-off of a Hessian that (nearly) vanishes, and counts as none
    const nu = frobeniusNorm(u), nv = frobeniusNorm(v);
    const gap = Math.abs(inner(u, hv) - inner(hu, v));
    const roundOff = 100 * (gradNoise / xs) * nu * nv;
    // where H itself nearly vanishes, its size nearby (the coarse difference quotient of ∇f along v) sets the scale
    const asym = Math.max(gap - roundOff, 0) / Math.max(frobeniusNorm(hu) * nv, frobeniusNorm(hv) * nu, fd.coarse * Math.sqrt(d) * nu, Number.MIN_VALUE);
    symmetry = Math.max(symmetry, asym);
    // Linearity: H(a u + b v) = a Hu + b Hv. Every direction has the norm max(‖x‖, 1) (and so has every e_k
    // of the full comparison), so an hvp that is right only at that norm (Hv·‖v‖, or Hv/‖v‖ of a normalised v) passes
    // the remainder, finite-difference and symmetry tests; w = a u + b v has norm ≈ √(a² + b²)·‖v‖ ≈ 1.46‖v‖.
    // Judged like symmetry: relative to |a|‖Hu‖ + |b|‖Hv‖ (or H's size nearby), after the same round-off.
    const w = axpy(scale(u, LINEAR_A), LINEAR_B, v);
    const hw = hvp(x, w);
    if (nonFiniteEntry(hw) >= 0) return broken(nonFiniteFailure("hvp(x, v)", hw));
    const nw = frobeniusNorm(w);
    const lgap = frobeniusNorm(sub(hw, axpy(scale(hu, LINEAR_A), LINEAR_B, hv)));
    const lround = 100 * (gradNoise / xs) * nw;
    const lscale = Math.max(Math.abs(LINEAR_A) * frobeniusNorm(hu) + Math.abs(LINEAR_B) * frobeniusNorm(hv), (fd.coarse * Math.sqrt(d) * nw) / nv, Number.MIN_VALUE);
    linearity = Math.max(linearity, Math.max(lgap - lround, 0) / lscale);
  }
  kinkCheck("checkHessian", f, x, f0, candidates, 2 - o.slopeTolerance);
  if (!(symmetry <= o.symmetryTolerance)) {
    failures.push(`Hessian is not symmetric: |⟨u, Hv⟩ − ⟨Hu, v⟩| = ${symmetry.toExponential(2)} relative (tolerance ${o.symmetryTolerance})`);
  }
  if (!(linearity <= o.symmetryTolerance)) {
    failures.push(`Hessian-vector product is not linear in v: ‖H(au + bv) − aHu − bHv‖ = ${linearity.toExponential(2)} relative (tolerance ${o.symmetryTolerance})`);
  }
  let full: number | null = null, fullResolution = 0;
  if (o.full === true || ((o.full ?? "auto") === "auto" && d <= 36)) {
    // columns He_k against finite differences of ∇f along e_k (projected when directions are), relative to the largest |H_ij|
    // e_k scaled to the directions' norm max(‖x‖, 1): Ridders' steps (1 % of it and down) are then relative
    // to x here too; unit steps drowned in round-off at ‖x‖ = 1e8 (the right Hessian's full error was 3.8e-6)
    const e = (k: number): Matrix => {
      const m = { rows: x.rows, cols: x.cols, data: new Float64Array(d) };
      m.data[k] = xs;
      return o.project ? asMatrix(o.project(m)) : m;
    };
    const columns = Array.from({ length: d }, (_, k) => hvp(x, e(k)));
    const bad = columns.find((c) => nonFiniteEntry(c) >= 0);
    if (bad) return broken(nonFiniteFailure("hvp(x, e_k)", bad));
    const hmax = Math.max(...columns.map((c) => Math.max(...Array.from(c.data, Math.abs))));
    const compared = columns.map((c, k) => hvpComparison(grad, x, e(k), c, o.fdTolerance, gradNoise, hmax));
    fullResolution = Math.max(...compared.map((c) => c.resolution));
    const worst = compared
      .reduce((a, b) => (b.ok && a.ok ? (b.error > a.error ? b : a) : b.ok ? a : b));
    full = worst.error;
    if (!worst.ok) failures.push(`full finite-difference Hessian differs by ${worst.error.toExponential(2)} relative in its worst column (tolerance ${o.fdTolerance})`);
  }
  return finishResult({ kind: "hessian", reports, failures, slopeTolerance: o.slopeTolerance, seed: o.seed, full, fullResolution, symmetry, linearity, evaluations: count() });
}
