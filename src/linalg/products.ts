/**
 * Matrix products on row-major Float64Array storage. Above WASM_MIN
 * multiply-adds they run in the WebAssembly f64x2 kernel (wasm/kernels.ts,
 * docs/wasm.md); below it, and wherever that kernel is unavailable
 * (BWCHECK_WASM=0, no SIMD), in the TypeScript kernels here, whose inner
 * loops walk memory contiguously (i-k-j order, or dot products of rows).
 */
import { type Matrix, zeros } from "./matrix.js";
import { gemmWasm } from "./wasm/kernels.js";

/**
 * Fewest multiply-adds (n p m) for which a product goes to the WebAssembly
 * kernel: below it the copies in and out and the call cost more than the
 * SIMD saves (crossover measured in docs/wasm.md).
 */
export const WASM_MIN = 600;

function checkInner(what: string, k1: number, k2: number): void {
  if (k1 !== k2) throw new RangeError(`${what}: inner dimensions ${k1} and ${k2} differ`);
}

/**
 * C = op(A) B for row-major B (p×m) and C (n×m), where op(A)[i][k] =
 * A[i·rs + k·cs] (rs = p, cs = 1 for A itself; rs = 1, cs = n for Aᵀ).
 * In WebAssembly from WASM_MIN multiply-adds on (about 5× gemmTs's speed
 * from n = 64 on, docs/wasm.md), in gemmTs below or without it.
 */
export function gemm(A: Float64Array, rs: number, cs: number, B: Float64Array, C: Float64Array, n: number, p: number, m: number): void {
  if (n * p * m >= WASM_MIN && gemmWasm(A, rs, cs, B, m, 1, C, n, p, m)) return;
  gemmTs(A, rs, cs, B, C, n, p, m);
}

/** gemm in TypeScript alone (the fallback, and the oracle the WebAssembly kernel is tested against). */
export function gemmTs(A: Float64Array, rs: number, cs: number, B: Float64Array, C: Float64Array, n: number, p: number, m: number): void {
  blockedRows(A, rs, cs, B, C, n, p, m, false);
}

/**
 * The register-blocked loop behind gemmTs: two rows of C and eight of B at
 * a time, so that each load of B[k][j] feeds two multiply-adds and each
 * load/store of C[i][j] carries eight. The store traffic of C, not the
 * arithmetic, bounds the plain i-k-j loop in V8; this runs about 1.5× faster
 * than four-row blocking at n = 128 and 2× at n = 256 (1.4 → 2.1 GFMA/s
 * measured then). With `upper` (n = m) each pair of rows i, i+1 starts at
 * column i, which covers the upper triangle with about half the
 * multiply-adds (the syrk of gramTs).
 */
function blockedRows(A: Float64Array, rs: number, cs: number, B: Float64Array, C: Float64Array, n: number, p: number, m: number, upper: boolean): void {
  C.fill(0, 0, n * m);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const c0 = i * m, c1 = c0 + m, a0 = i * rs, a1 = a0 + rs, j0 = upper ? i : 0;
    let k = 0;
    for (; k + 7 < p; k += 8) {
      const x0 = A[a0 + k * cs], x1 = A[a0 + (k + 1) * cs], x2 = A[a0 + (k + 2) * cs], x3 = A[a0 + (k + 3) * cs];
      const x4 = A[a0 + (k + 4) * cs], x5 = A[a0 + (k + 5) * cs], x6 = A[a0 + (k + 6) * cs], x7 = A[a0 + (k + 7) * cs];
      const y0 = A[a1 + k * cs], y1 = A[a1 + (k + 1) * cs], y2 = A[a1 + (k + 2) * cs], y3 = A[a1 + (k + 3) * cs];
      const y4 = A[a1 + (k + 4) * cs], y5 = A[a1 + (k + 5) * cs], y6 = A[a1 + (k + 6) * cs], y7 = A[a1 + (k + 7) * cs];
      const b0 = k * m, b1 = b0 + m, b2 = b1 + m, b3 = b2 + m, b4 = b3 + m, b5 = b4 + m, b6 = b5 + m, b7 = b6 + m;
      for (let j = j0; j < m; j++) {
        const u0 = B[b0 + j], u1 = B[b1 + j], u2 = B[b2 + j], u3 = B[b3 + j];
        const u4 = B[b4 + j], u5 = B[b5 + j], u6 = B[b6 + j], u7 = B[b7 + j];
        C[c0 + j] += x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3 + x4 * u4 + x5 * u5 + x6 * u6 + x7 * u7;
        C[c1 + j] += y0 * u0 + y1 * u1 + y2 * u2 + y3 * u3 + y4 * u4 + y5 * u5 + y6 * u6 + y7 * u7;
      }
    }
    for (; k < p; k++) {
      const x = A[a0 + k * cs], y = A[a1 + k * cs], bk = k * m;
      for (let j = j0; j < m; j++) {
        const u = B[bk + j];
        C[c0 + j] += x * u;
        C[c1 + j] += y * u;
      }
    }
  }
  for (; i < n; i++) {
    const ci = i * m, ai = i * rs, j0 = upper ? i : 0;
    for (let k = 0; k < p; k++) {
      const x = A[ai + k * cs], bk = k * m;
      for (let j = j0; j < m; j++) C[ci + j] += x * B[bk + j];
    }
  }
}

/** C = A B, written into `out` when given (out must not alias A or B). */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkInner("matmul", a.cols, b.rows);
  const c = out ?? zeros(a.rows, b.cols);
  gemm(a.data, a.cols, 1, b.data, c.data, a.rows, a.cols, b.cols);
  return c;
}

/** C = Aᵀ B. */
export function matmulAtB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkInner("matmulAtB", a.rows, b.rows);
  const c = out ?? zeros(a.cols, b.cols);
  gemm(a.data, 1, a.cols, b.data, c.data, a.cols, a.rows, b.cols);
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

/** Bᵀ (B m×p) as a fresh row-major p×m array. */
function transposed(b: Matrix): Float64Array {
  const m = b.rows, p = b.cols, B = b.data, t = new Float64Array(m * p);
  for (let i = 0; i < m; i++) for (let k = 0; k < p; k++) t[k * m + i] = B[i * p + k];
  return t;
}

/**
 * Below this many multiply-adds a product of rows by rows runs as dot
 * products; above it, Bᵀ is formed once (m p copies) and the register-blocked
 * gemm takes over (dot products are bound by the add latency: measured 4×
 * slower at n = 64).
 */
const DOT_FORM_MAX = 4096;

/** C = A Bᵀ. */
export function matmulABt(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkInner("matmulABt", a.cols, b.cols);
  const n = a.rows, p = a.cols, m = b.rows;
  const c = out ?? zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  if (n * p * m >= WASM_MIN && gemmWasm(A, p, 1, B, 1, p, C, n, p, m)) return c;
  if (n * p * m > DOT_FORM_MAX) {
    gemmTs(A, p, 1, transposed(b), C, n, p, m);
    return c;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) C[i * m + j] = dot(A, i * p, B, j * p, p);
  }
  return c;
}

/**
 * G = A Aᵀ, exactly symmetric: only the upper triangle is computed (a syrk,
 * n(n+1)p/2 multiply-adds), then mirrored.
 */
export function gram(a: Matrix, out?: Matrix): Matrix {
  const n = a.rows, p = a.cols;
  const g = out ?? zeros(n, n);
  if (n * n * p >= WASM_MIN && gemmWasm(a.data, p, 1, a.data, 1, p, g.data, n, p, n, true)) return g;
  return gramTs(a, g);
}

/** gram in TypeScript alone (the fallback and the test oracle). */
export function gramTs(a: Matrix, out?: Matrix): Matrix {
  const n = a.rows, p = a.cols;
  const g = out ?? zeros(n, n);
  const A = a.data, G = g.data;
  if (n * n * p > DOT_FORM_MAX) {
    blockedRows(A, p, 1, transposed(a), G, n, p, n, true);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) G[j * n + i] = G[i * n + j];
    return g;
  }
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
