/**
 * Matrix products on row-major Float64Array storage. Every inner loop walks
 * memory contiguously (i-k-j order, or dot products of rows), which is what
 * makes them fast in V8.
 */
import { type Matrix, zeros } from "./matrix.js";

function checkInner(what: string, k1: number, k2: number): void {
  if (k1 !== k2) throw new RangeError(`${what}: inner dimensions ${k1} and ${k2} differ`);
}

/**
 * C[i,:] += Σ_{k∈K} coef_k · B[k,:] for four rows of B at once: one load and
 * one store of C per four multiply-adds (the store traffic of C, not the
 * arithmetic, bounds the plain i-k-j loop: this runs about 3× faster).
 */
function axpy4(C: Float64Array, ci: number, B: Float64Array, b0: number, b1: number, b2: number, b3: number,
  a0: number, a1: number, a2: number, a3: number, m: number): void {
  for (let j = 0; j < m; j++) C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
}

/** C = A B, written into `out` when given (out must not alias A or B). */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkInner("matmul", a.cols, b.rows);
  const n = a.rows, p = a.cols, m = b.cols;
  const c = out ?? zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  C.fill(0, 0, n * m);
  for (let i = 0; i < n; i++) {
    const ci = i * m, ai = i * p;
    let k = 0;
    for (; k + 3 < p; k += 4) {
      axpy4(C, ci, B, k * m, (k + 1) * m, (k + 2) * m, (k + 3) * m, A[ai + k], A[ai + k + 1], A[ai + k + 2], A[ai + k + 3], m);
    }
    for (; k < p; k++) {
      const aik = A[ai + k], bk = k * m;
      for (let j = 0; j < m; j++) C[ci + j] += aik * B[bk + j];
    }
  }
  return c;
}

/** C = Aᵀ B: C[i,:] = Σ_k A[k,i] B[k,:]. */
export function matmulAtB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkInner("matmulAtB", a.rows, b.rows);
  const p = a.rows, n = a.cols, m = b.cols;
  const c = out ?? zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  C.fill(0, 0, n * m);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    let k = 0;
    for (; k + 3 < p; k += 4) {
      axpy4(C, ci, B, k * m, (k + 1) * m, (k + 2) * m, (k + 3) * m, A[k * n + i], A[(k + 1) * n + i], A[(k + 2) * n + i], A[(k + 3) * n + i], m);
    }
    for (; k < p; k++) {
      const aki = A[k * n + i], bk = k * m;
      for (let j = 0; j < m; j++) C[ci + j] += aki * B[bk + j];
    }
  }
  return c;
}

/** Σ_k X[x+k] Y[y+k], with two accumulators for instruction-level parallelism. */
function dot(X: Float64Array, x: number, Y: Float64Array, y: number, len: number): number {
  let s0 = 0, s1 = 0, k = 0;
  for (; k + 1 < len; k += 2) {
    s0 += X[x + k] * Y[y + k];
    s1 += X[x + k + 1] * Y[y + k + 1];
  }
  if (k < len) s0 += X[x + k] * Y[y + k];
  return s0 + s1;
}

/** C = A Bᵀ (dot products of rows). */
export function matmulABt(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkInner("matmulABt", a.cols, b.cols);
  const n = a.rows, p = a.cols, m = b.rows;
  const c = out ?? zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) C[i * m + j] = dot(A, i * p, B, j * p, p);
  }
  return c;
}

/** G = A Aᵀ, exactly symmetric (upper triangle computed, then mirrored). */
export function gram(a: Matrix, out?: Matrix): Matrix {
  const n = a.rows, p = a.cols;
  const g = out ?? zeros(n, n);
  const A = a.data, G = g.data;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const s = dot(A, i * p, A, j * p, p);
      G[i * n + j] = s;
      G[j * n + i] = s;
    }
  }
  return g;
}

/** A diag(d) (scales column j by d_j). */
export function scaleColumns(a: Matrix, d: ArrayLike<number>): Matrix {
  if (d.length !== a.cols) throw new RangeError(`scaleColumns: ${d.length} factors for ${a.cols} columns`);
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[i * a.cols + j] * d[j];
  }
  return out;
}

/** diag(d) A (scales row i by d_i). */
export function scaleRows(a: Matrix, d: ArrayLike<number>): Matrix {
  if (d.length !== a.rows) throw new RangeError(`scaleRows: ${d.length} factors for ${a.rows} rows`);
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const di = d[i];
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[i * a.cols + j] * di;
  }
  return out;
}

/** Q diag(f) Qᵀ for Q with orthonormal columns (a spectral function f(A) = Q f(Λ) Qᵀ). */
export function spectralMatrix(q: Matrix, f: ArrayLike<number>): Matrix {
  return matmulABt(scaleColumns(q, f), q);
}

/** Product of a list, left to right: M_0 M_1 ⋯ M_{k−1}. */
export function chainProduct(ms: readonly Matrix[]): Matrix {
  if (ms.length === 0) throw new RangeError("chainProduct: empty list");
  let acc = ms[0];
  for (let i = 1; i < ms.length; i++) acc = matmul(acc, ms[i]);
  return acc;
}
