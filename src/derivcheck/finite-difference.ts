/**
 * Directional finite differences with Richardson extrapolation.
 *
 * Central difference D(h) = (f(x+hv) − f(x−hv)) / 2h has error c₂h² + c₄h⁴ + …;
 * combining D(h) and D(h/2) as (4 D(h/2) − D(h)) / 3 cancels the h² term. The
 * step is chosen from the scale of x and v (h = ε^{1/5}·max(1, ‖x‖)/‖v‖, the
 * balance of O(h⁴) truncation against O(ε/h) round-off), not one fixed h.
 */
import { type Matrix, zeros } from "../linalg/matrix.js";
import { frobeniusNorm } from "../linalg/ops.js";

/** x + t v */
export function step(x: Matrix, t: number, v: Matrix): Matrix {
  const out = zeros(x.rows, x.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[i] + t * v.data[i];
  return out;
}

export function defaultStep(x: Matrix, v: Matrix): number {
  return (2 ** (-52 / 5)) * Math.max(1, frobeniusNorm(x)) / Math.max(frobeniusNorm(v), Number.MIN_VALUE);
}

/** d/dt f(x + t v) at t = 0, Richardson-extrapolated central differences. */
export function directionalDerivative(f: (x: Matrix) => number, x: Matrix, v: Matrix, h = defaultStep(x, v)): number {
  const central = (s: number): number => (f(step(x, s, v)) - f(step(x, -s, v))) / (2 * s);
  return (4 * central(h / 2) - central(h)) / 3;
}

/** d/dt g(x + t v) at t = 0 for a matrix-valued g (e.g. a gradient: gives the Hessian applied to v). */
export function directionalDerivativeMatrix(g: (x: Matrix) => Matrix, x: Matrix, v: Matrix, h = defaultStep(x, v)): Matrix {
  const central = (s: number): Float64Array => {
    const a = g(step(x, s, v)).data, b = g(step(x, -s, v)).data;
    return a.map((ai, i) => (ai - b[i]) / (2 * s));
  };
  const d1 = central(h), d2 = central(h / 2);
  const first = g(x);
  return { rows: first.rows, cols: first.cols, data: d2.map((x2, i) => (4 * x2 - d1[i]) / 3) };
}
