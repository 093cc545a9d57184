/**
 * No symbolic result is reported unchecked (DESIGN.md "Symbolic"). At random
 * points of each closed form this compares
 *   - mathjs's gradient and Hessian with the numeric core (numeric-peer.ts),
 *   - mathjs's gradient and Hessian with Ridders finite differences of the
 *     symbolic loss and gradient (so a wrong closed form cannot hide behind a
 *     matching derivative),
 *   - nerdamer's gradient with the numeric core (the engines checked against
 *     each other; nerdamer's text is evaluated by mathjs).
 * Errors are normwise relative: ‖a − b‖ / ‖b‖ over a loss or a Hessian, and
 * over a gradient ‖a − b‖ / max(‖b‖, ‖∇ tr Σ‖) (numeric-peer.ts), which
 * stays meaningful near a minimum where ‖b‖ → 0.
 */
import { riddersRobust, riddersVector } from "../derivcheck/ridders.js";
import { rng, type Rng } from "../linalg/random.js";
import type { ClosedForm } from "./closed-forms.js";
import { compileDerivatives, type CompiledForm, type Scope } from "./compiled.js";
import { deriveWithMathjs, type SymbolicDerivatives } from "./mathjs-engine.js";
import { math } from "./mathjs-instance.js";
import { deriveWithNerdamer } from "./nerdamer-engine.js";
import { gradientError, numericValues } from "./numeric-peer.js";

export type ErrorStat = { max: number; median: number; worstPoint: Scope | null };

export type CrossCheck = {
  form: string;
  points: number;
  fdPoints: number;
  seed: number;
  /** mathjs against the numeric core. */
  loss: ErrorStat;
  gradient: ErrorStat;
  hessian: ErrorStat | null;
  /** mathjs against finite differences of its own loss / gradient. */
  fdGradient: ErrorStat;
  fdHessian: ErrorStat | null;
  /** nerdamer's gradient against the numeric core (null when not run). */
  nerdamerGradient: ErrorStat | null;
  /** the two engines' gradients against each other (null when nerdamer was not run). */
  enginesAgainstEachOther: ErrorStat | null;
  tolerance: { numeric: number; fd: number };
  /** mathjs agrees with the numeric core and with finite differences. */
  agrees: boolean;
  /** nerdamer agrees with the numeric core (null when not run). */
  nerdamerAgrees: boolean | null;
};

export type CrossCheckOptions = {
  points?: number;
  seed?: number;
  nerdamer?: boolean;
  hessian?: boolean;
  /** Finite differences at the first fdPoints points only (default: all); they cost ~10 loss evaluations per entry. */
  fdPoints?: number;
  /** Default 1e-10 relative (issue 4). */
  tolerance?: number;
  /** Default 1e-6 relative: Ridders reaches ~1e-9 on these forms; a wrong formula is off by O(1). */
  fdTolerance?: number;
  derivatives?: SymbolicDerivatives;
  /** Called after each point (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
};

/** ‖a − b‖ / ‖b‖ (Euclidean, over all entries). */
export function normDiff(a: readonly number[], b: readonly number[]): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(n), Number.MIN_VALUE);
}

/** Symmetric 2×2 with eigenvalues in [lo, hi] and a random rotation. */
function randomSpd2(r: Rng, lo: number, hi: number, diagonal: boolean): [number, number, number] {
  const l1 = lo + (hi - lo) * r.next();
  const l2 = lo + (hi - lo) * r.next();
  if (diagonal) return [l1, 0, l2];
  const t = Math.PI * r.next();
  const c = Math.cos(t), s = Math.sin(t);
  return [l1 * c * c + l2 * s * s, (l1 - l2) * c * s, l1 * s * s + l2 * c * c];
}

/** Redraws of a degenerate W before randomScope falls back to a fixed point. */
export const MAX_REDRAWS = 100;

/**
 * A random point of the form's domain, away from where L is not
 * differentiable: Σ ≻ 0 with eigenvalues in [0.2, 3]; W with entries N(0, 1)
 * redrawn until σ_min(W Wᵀ) ≥ 0.05 ‖W‖² (m ≥ 2) or W ≠ 0 (m = 1); scalar
 * layers with |w_j| ∈ [0.3, 1.5]; targets with eigenvalues in [0.5, 3];
 * τ ∈ [0.05, 1].
 */
export function randomScope(form: ClosedForm, r: Rng): Scope {
  const s: Scope = {};
  if (form.space === "scalar-deep") {
    s.lambda = 0.5 + 2.5 * r.next();
    for (const v of form.variables) s[v] = (r.next() < 0.5 ? -1 : 1) * (0.3 + 1.2 * r.next());
  } else {
    const [a11, a12, a22] = randomSpd2(r, 0.5, 3, form.diagonal);
    s.a11 = a11;
    s.a22 = a22;
    if (!form.diagonal) s.a12 = a12;
    if (form.space === "sigma") {
      const [s11, s12, s22] = randomSpd2(r, 0.2, 3, false);
      Object.assign(s, { s11, s12, s22 });
    } else {
      // redraw a degenerate W, at most MAX_REDRAWS times: a replayed, shrunk tape
      // (proofs-check/shrink.ts) draws zeros past its end and would redraw forever;
      // then fall back to the fixed well-conditioned W = [I_2 | 0] (w11 = w22 = 1)
      let tries = 0;
      for (;;) {
        for (const v of form.variables) s[v] = r.normal();
        const m = form.size;
        let S11 = 0, S12 = 0, S22 = 0;
        for (let k = 1; k <= m; k++) {
          S11 += s[`w1${k}`] ** 2;
          S22 += s[`w2${k}`] ** 2;
          S12 += s[`w1${k}`] * s[`w2${k}`];
        }
        const tr = S11 + S22;
        const lmin = tr / 2 - Math.sqrt(((S11 - S22) / 2) ** 2 + S12 ** 2);
        if (tr > 0.05 && (m === 1 || lmin >= 0.05 * tr)) break; // (W = 0 passed the m ≥ 2 test before)
        if (++tries >= MAX_REDRAWS) {
          for (const v of form.variables) s[v] = v === "w11" || v === "w22" ? 1 : 0;
          break;
        }
      }
    }
  }
  if (form.tau) s.tau = 0.05 + 0.95 * r.next();
  return s;
}

function statOf(errors: { e: number; s: Scope }[]): ErrorStat {
  const sorted = errors.map((x) => x.e).sort((a, b) => a - b);
  let worst = errors[0];
  for (const x of errors) if (!(x.e <= worst.e)) worst = x;
  return { max: worst ? worst.e : 0, median: sorted.length ? sorted[sorted.length >> 1] : 0, worstPoint: worst ? worst.s : null };
}

/** Central-difference step relative to the point's scale. */
const H0 = 1e-3;

/** Ridders FD of the symbolic loss (gradient) and gradient (Hessian rows) at s. */
function finiteDifferences(form: ClosedForm, c: CompiledForm, s: Scope, hessian: boolean): { grad: number[]; hess: number[][] | null } {
  const grad: number[] = [];
  const hess: number[][] = [];
  for (const v of form.variables) {
    const h0 = H0 * Math.max(1, Math.abs(s[v]));
    const shifted = (h: number): Scope => ({ ...s, [v]: s[v] + h });
    grad.push(riddersRobust((h) => riddersVector((t) => [c.loss(shifted(t))], h), h0).value[0]);
    if (hessian) hess.push(Array.from(riddersRobust((h) => riddersVector((t) => c.gradient(shifted(t)), h), h0).value));
  }
  return { grad, hess: hessian ? hess : null };
}

export function crossCheck(form: ClosedForm, opts: CrossCheckOptions = {}): CrossCheck {
  const points = opts.points ?? 100;
  const seed = opts.seed ?? 20230303;
  const wantHessian = opts.hessian !== false;
  const fdPoints = Math.min(points, opts.fdPoints ?? points);
  const tolerance = opts.tolerance ?? 1e-10;
  const fdTolerance = opts.fdTolerance ?? 1e-6;
  const derivatives = opts.derivatives ?? deriveWithMathjs(form, { hessian: wantHessian });
  const compiled = compileDerivatives(form, derivatives);
  const nerdamerGradient = opts.nerdamer ? deriveWithNerdamer(form).map((t) => math.parse(t).compile()) : null;
  const r = rng(seed);
  const loss: { e: number; s: Scope }[] = [], grad: typeof loss = [], hess: typeof loss = [];
  const fdGrad: typeof loss = [], fdHess: typeof loss = [], nerd: typeof loss = [], engines: typeof loss = [];
  for (let p = 0; p < points; p++) {
    const s = randomScope(form, r);
    const ref = numericValues(form, s);
    loss.push({ e: normDiff([compiled.loss(s)], [ref.loss]), s });
    const g = compiled.gradient(s);
    grad.push({ e: gradientError(g, ref), s });
    const fd = p < fdPoints ? finiteDifferences(form, compiled, s, wantHessian) : null;
    if (fd) fdGrad.push({ e: normDiff(g, fd.grad), s });
    if (wantHessian) {
      const H = compiled.hessian(s);
      hess.push({ e: normDiff(H.flat(), ref.hessian.flat()), s });
      if (fd) fdHess.push({ e: normDiff(H.flat(), fd.hess!.flat()), s });
    }
    if (nerdamerGradient) {
      const gn = nerdamerGradient.map((f) => Number(f.evaluate({ ...s })));
      nerd.push({ e: gradientError(gn, ref), s });
      engines.push({ e: gradientError(gn, { ...ref, gradient: g }), s });
    }
    opts.onProgress?.(p + 1, points);
  }
  const result: CrossCheck = {
    form: form.name,
    points,
    fdPoints,
    seed,
    loss: statOf(loss),
    gradient: statOf(grad),
    hessian: wantHessian ? statOf(hess) : null,
    fdGradient: statOf(fdGrad),
    fdHessian: wantHessian ? statOf(fdHess) : null,
    nerdamerGradient: nerdamerGradient ? statOf(nerd) : null,
    enginesAgainstEachOther: nerdamerGradient ? statOf(engines) : null,
    tolerance: { numeric: tolerance, fd: fdTolerance },
    agrees: false,
    nerdamerAgrees: null,
  };
  const ok = (st: ErrorStat | null, tol: number) => st === null || st.max <= tol;
  result.agrees =
    ok(result.loss, tolerance) &&
    ok(result.gradient, tolerance) &&
    ok(result.hessian, tolerance) &&
    ok(result.fdGradient, fdTolerance) &&
    ok(result.fdHessian, fdTolerance);
  result.nerdamerAgrees = result.nerdamerGradient ? ok(result.nerdamerGradient, tolerance) : null;
  return result;
}
