/**
 * Elementwise operations, norms and inner products on row-major matrices.
 */
import { assertSameShape, type Matrix, zeros } from "./matrix.js";

export function add(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b, "add");
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] + b.data[i];
  return out;
}

export function sub(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b, "sub");
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] - b.data[i];
  return out;
}

export function scale(a: Matrix, s: number): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = s * a.data[i];
  return out;
}

/** a + s·b */
export function axpy(a: Matrix, s: number, b: Matrix): Matrix {
  assertSameShape(a, b, "axpy");
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] + s * b.data[i];
  return out;
}

/** Frobenius inner product ⟨A, B⟩ = tr(AᵀB). */
export function inner(a: Matrix, b: Matrix): number {
  assertSameShape(a, b, "inner");
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
  return s;
}

export function frobeniusNorm(a: Matrix): number {
  let scaleV = 0;
  for (let i = 0; i < a.data.length; i++) scaleV = Math.max(scaleV, Math.abs(a.data[i]));
  if (scaleV === 0 || !Number.isFinite(scaleV)) return scaleV;
  let s = 0;
  for (let i = 0; i < a.data.length; i++) {
    const v = a.data[i] / scaleV;
    s += v * v;
  }
  return scaleV * Math.sqrt(s);
}

export function maxAbs(a: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]));
  return m;
}

export function trace(a: Matrix): number {
  const n = Math.min(a.rows, a.cols);
  let s = 0;
  for (let i = 0; i < n; i++) s += a.data[i * a.cols + i];
  return s;
}

/** (A + Aᵀ)/2 */
export function symmetrize(a: Matrix): Matrix {
  const n = a.rows;
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.data[i * n + j] = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
  }
  return out;
}

/** max |A_ij − A_ji| / max |A_ij| (0 for the zero matrix). */
export function relativeAsymmetry(a: Matrix): number {
  const n = a.rows;
  let asym = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) asym = Math.max(asym, Math.abs(a.data[i * n + j] - a.data[j * n + i]));
  }
  const m = maxAbs(a);
  return m === 0 ? 0 : asym / m;
}

/** ‖A − B‖_F / max(‖B‖_F, floor): the normwise relative error of A against a reference B. */
export function relativeError(a: Matrix, b: Matrix, floor = 0): number {
  assertSameShape(a, b, "relativeError");
  return frobeniusNorm(sub(a, b)) / Math.max(frobeniusNorm(b), floor, Number.MIN_VALUE);
}

/** Euclidean norm of a vector. */
export function vectorNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
