/**
 * Taylor remainders along a direction (Manopt's checkgradient/checkhessian):
 *   E1(t) = |f(x+tv) − f(x) − t⟨∇f(x), v⟩|                 falls like t² for a right gradient,
 *   E2(t) = |f(x+tv) − f(x) − t⟨∇f(x), v⟩ − t²/2 ⟨v, H v⟩|  falls like t³ for a right Hessian.
 */
import type { Matrix } from "../linalg/matrix.js";
import { inner } from "../linalg/ops.js";
import { tryEval } from "./directions.js";
import { step } from "./finite-difference.js";

/** Signed remainders (their absolute values are what is plotted and fitted). */
export type Remainders = {
  t: number[];
  e1: number[];
  e2: number[] | null;
  /** f(x + tv) at each t (NaN outside f's domain) */
  values: number[];
};

/** Remainders at the given t; e2 only when the Hessian applied to v is given. */
export function taylorRemainders(
  f: (x: Matrix) => number,
  x: Matrix,
  v: Matrix,
  gradX: Matrix,
  hessV: Matrix | null,
  ts: readonly number[],
): Remainders {
  const f0 = f(x), slope = inner(gradX, v), curv = hessV ? inner(v, hessV) : 0;
  const e1: number[] = [], e2: number[] = [], values: number[] = [];
  for (const t of ts) {
    const ft = tryEval(() => f(step(x, t, v))); // NaN outside f's domain: no data at this t
    values.push(ft);
    const r1 = ft - f0 - t * slope;
    e1.push(r1);
    e2.push(r1 - 0.5 * t * t * curv);
  }
  return { t: [...ts], e1, e2: hessV ? e2 : null, values };
}

/** Least-squares slope of log e against log t. */
export function logLogSlope(t: readonly number[], e: readonly number[]): number {
  const xs = t.map(Math.log10), ys = e.map((v) => Math.log10(Math.max(v, Number.MIN_VALUE)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

/**
 * Slope of the remainder on the small-t side above round-off.
 *
 * Local slopes s_1, s_2, … between consecutive t are taken from the smallest t
 * up, over pairs whose remainders both stand above `signal`× the floor
 * (nearer the floor, the noise of the subtraction bends the line) and have
 * the same sign (a sign change means two Taylor terms cancel in between).
 * The slope is the median of the first `pairs` of them — decided where the
 * remainder is closest to its limit, never on the best-looking window: a
 * gradient 0.1 % off has slope 2 at large t and 1 here, and fails.
 *
 * One correction: where the local slope still rises as t falls (s_1 > s_2),
 * the remainder is in a dip before its asymptotic regime, E ≈ a tᵖ (1 − c t),
 * s(t) ≈ p − c t, and the two smallest-t slopes extrapolate to the order
 * itself, p ≈ (ρ s_1 − s_2)/(ρ − 1) with ρ the ratio of neighbouring t
 * (Richardson); the larger of median and extrapolation is returned. A wrong
 * formula's slopes fall or level off towards the lower order as t falls, so
 * this never lifts it.
 *
 * Only t ≤ tMax (steps up to a tenth of ‖x‖) count: farther out, the
 * expansion may have left f's domain of smoothness (a kink, a boundary).
 *
 * Null when no pair qualifies: the remainder is then round-off everywhere, as
 * for an exactly quadratic f, and there is no slope to judge.
 */
export function slopeAboveFloor(t: readonly number[], e: readonly number[], floor: number, pairs = 3, signal = 100, tMax = 0.1): number | null {
  const idx = t.map((_, i) => i).filter((i) => t[i] <= tMax).sort((a, b) => t[a] - t[b]);
  const local: { slope: number; at: number; ratio: number }[] = [];
  for (let k = 0; k + 1 < idx.length && local.length < pairs; k++) {
    const i = idx[k], j = idx[k + 1];
    const above = Math.abs(e[i]) > signal * floor && Math.abs(e[j]) > signal * floor;
    if (above && Math.sign(e[i]) === Math.sign(e[j])) {
      local.push({ slope: Math.log(e[j] / e[i]) / Math.log(t[j] / t[i]), at: k, ratio: t[j] / t[i] });
    }
  }
  if (local.length === 0) return null;
  const sorted = local.map((l) => l.slope).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const [s1, s2] = local;
  if (s2 && s2.at === s1.at + 1 && s1.slope > s2.slope) {
    const rho = s2.ratio;
    return Math.max(median, (rho * s1.slope - s2.slope) / (rho - 1));
  }
  return median;
}

/**
 * The even part of f along v, e(t) = (f(x+tv) + f(x−tv))/2 − f(x): it does not
 * involve the derivative formula at all, and falls like t² (½ t²⟨v, Hv⟩) where
 * f is differentiable, like |t| at a kink (f = |x| at 0). Its slope, decided as
 * the remainders' (slopeAboveFloor), is what tells "f has no gradient here"
 * from "the formula is wrong" when a remainder falls like t: a wrong gradient
 * changes only the odd part. `values` are f(x + tv) at the given t (taylorRemainders).
 */
export function evenPartSlope(f: (x: Matrix) => number, x: Matrix, v: Matrix, f0: number, t: readonly number[], values: readonly number[], floor: number): number | null {
  const even = t.map((ti, i) => 0.5 * (values[i] + tryEval(() => f(step(x, -ti, v)))) - f0);
  return slopeAboveFloor(t, even, floor);
}
