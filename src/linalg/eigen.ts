/**
 * Symmetric eigen-decomposition A = V diag(λ) Vᵀ, eigenvalues in decreasing
 * order (PAPER.md §1 writes λ_1 ≥ … ≥ λ_n).
 *
 * Algorithm: Householder reduction to tridiagonal form (LAPACK dsytd2, applied
 * two-sidedly as a rank-2 update), explicit accumulation of the orthogonal
 * factor, then the implicit QL iteration with Wilkinson-type shifts of
 * EISPACK tql2. Both stages are backward stable, so the computed pair meets
 * LAPACK's test standard ‖AV − VΛ‖ ≤ O(nε)‖A‖ and ‖VᵀV − I‖ ≤ O(nε).
 *
 * Storage is chosen for contiguous access: each QL sweep's Givens rotations
 * are recorded, then applied to V one row at a time (see applySweep).
 */
import { type Matrix, zeros } from "./matrix.js";

export type SymmetricEigen = {
  /** λ_1 ≥ λ_2 ≥ … ≥ λ_n */
  readonly values: Float64Array;
  /** V, column i is the unit eigenvector of values[i] */
  readonly vectors: Matrix;
  /** Vᵀ, row i is the unit eigenvector of values[i] */
  readonly vectorsT: Matrix;
};

const EPS = 2 ** -52;

/** √(a² + b²) without Math.hypot's cost; safe for |a|, |b| < 1e150 (inputs are pre-scaled to max 1). */
function hypot(a: number, b: number): number {
  const aa = Math.abs(a), ab = Math.abs(b);
  if (aa < 1e150 && ab < 1e150 && (aa > 1e-150 || ab > 1e-150)) return Math.sqrt(a * a + b * b);
  return Math.hypot(a, b);
}

/**
 * Reduces the (scaled) symmetric matrix `a` (overwritten) to tridiagonal
 * form: d = diagonal, e[k] couples k and k+1. When `q` is given, it receives
 * Q (row-major) with A = Q T Qᵀ.
 */
function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, q: Float64Array | null): void {
  const taus = new Float64Array(Math.max(n, 1));
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const rowK = k * n;
    // x = A[k+1:, k] = A[k, k+1:] (row k, by symmetry)
    const x0 = a[rowK + k + 1];
    let tail = 0;
    for (let j = k + 2; j < n; j++) tail += a[rowK + j] * a[rowK + j];
    d[k] = a[rowK + k];
    if (tail === 0) {
      e[k] = x0;
      taus[k] = 0;
      continue;
    }
    // dlarfg: H x = β e1, H = I − τ v vᵀ, v_0 = 1
    const norm = Math.sqrt(x0 * x0 + tail);
    const beta = x0 >= 0 ? -norm : norm;
    const tau = (beta - x0) / beta;
    const inv = 1 / (x0 - beta);
    a[rowK + k + 1] = 1;
    for (let j = k + 2; j < n; j++) a[rowK + j] *= inv;
    e[k] = beta;
    taus[k] = tau;
    // two-sided update of A22 = A[k+1:, k+1:]: p = τ A22 v, w = p − ½τ(pᵀv) v, A22 −= v wᵀ + w vᵀ
    const s = k + 1;
    let pv = 0;
    for (let i = s; i < n; i++) {
      const ri = i * n;
      let acc = 0;
      for (let j = s; j < n; j++) acc += a[ri + j] * a[rowK + j];
      p[i] = tau * acc;
      pv += p[i] * a[rowK + i];
    }
    const kk = -0.5 * tau * pv;
    for (let i = s; i < n; i++) p[i] += kk * a[rowK + i];
    for (let i = s; i < n; i++) {
      const ri = i * n;
      const vi = a[rowK + i], wi = p[i];
      for (let j = s; j < n; j++) a[ri + j] -= vi * p[j] + wi * a[rowK + j];
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 2) * n + n - 1];
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1];
  e[n - 1] = 0;
  if (!q) return;
  // Q = H_0 H_1 ⋯ H_{n−3}, accumulated backwards as M ← H_k M (LAPACK dorg2l order):
  // when H_k is applied only rows and columns > k differ from the identity.
  q.fill(0);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const t = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    const tau = taus[k];
    if (tau === 0) continue;
    const rowK = k * n, s = k + 1;
    t.fill(0, s, n);
    for (let i = s; i < n; i++) {
      const vi = a[rowK + i], ri = i * n;
      for (let j = s; j < n; j++) t[j] += vi * q[ri + j];
    }
    for (let i = s; i < n; i++) {
      const f = tau * a[rowK + i], ri = i * n;
      for (let j = s; j < n; j++) q[ri + j] -= f * t[j];
    }
  }
}

/**
 * Implicit QL on the tridiagonal (d, e) (EISPACK tql2). When v (row-major
 * n×n) is given, each sweep's rotations are recorded and then applied row by
 * row of V in one fused pass: for row k the sweep is the recurrence
 *   V[k][i+1] ← s_i V[k][i] + c_i carry,  carry ← c_i V[k][i] − s_i carry,
 * which reads and writes each entry once, contiguously, instead of touching
 * two strided columns per rotation. Leaves eigenvalues unsorted in d.
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number, v: Float64Array | null): void {
  let f = 0, tst1 = 0;
  const cs = new Float64Array(n), sn = new Float64Array(n);
  const maxIter = 60;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > maxIter) throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cs[i] = c;
          sn[i] = s;
        }
        if (v) applySweep(v, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * Applies the rotations (i, i+1) for i = m−1 down to l to the columns of V
 * (see tridiagonalQL). Two rows at a time: the recurrence is a dependency
 * chain, and two independent chains keep the multiplier busy.
 */
function applySweep(v: Float64Array, n: number, l: number, m: number, cs: Float64Array, sn: Float64Array): void {
  let k = 0;
  for (; k + 1 < n; k += 2) {
    const r0 = k * n, r1 = r0 + n;
    let c0 = v[r0 + m], c1 = v[r1 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cs[i], s = sn[i];
      const a0 = v[r0 + i], a1 = v[r1 + i];
      v[r0 + i + 1] = s * a0 + c * c0;
      v[r1 + i + 1] = s * a1 + c * c1;
      c0 = c * a0 - s * c0;
      c1 = c * a1 - s * c1;
    }
    v[r0 + l] = c0;
    v[r1 + l] = c1;
  }
  for (; k < n; k++) {
    const row = k * n;
    let carry = v[row + m];
    for (let i = m - 1; i >= l; i--) {
      const vi = v[row + i], c = cs[i], s = sn[i];
      v[row + i + 1] = s * vi + c * carry;
      carry = c * vi - s * carry;
    }
    v[row + l] = carry;
  }
}

function checkSquare(a: Matrix): void {
  if (a.rows !== a.cols) throw new RangeError(`symmetricEigen: matrix is ${a.rows}×${a.cols}, not square`);
}

function scaled(a: Matrix): { work: Float64Array; factor: number } {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]));
  if (!Number.isFinite(m)) throw new RangeError("symmetricEigen: matrix has non-finite entries");
  const factor = m === 0 ? 1 : m;
  const work = new Float64Array(a.data.length);
  const inv = 1 / factor;
  for (let i = 0; i < work.length; i++) work[i] = a.data[i] * inv;
  return { work, factor };
}

/** Eigenvalues and eigenvectors of a symmetric matrix (only the upper and lower triangles' average matters: pass a symmetric matrix). */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  checkSquare(a);
  const n = a.rows;
  const { work, factor } = scaled(a);
  const d = new Float64Array(n), e = new Float64Array(Math.max(n, 1));
  const q = new Float64Array(n * n);
  tridiagonalize(work, n, d, e, q);
  tridiagonalQL(d, e, n, q);
  // sort decreasing, permuting the columns of V
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i]);
  const values = new Float64Array(n);
  const vt = zeros(n, n);
  const v = zeros(n, n);
  for (let r = 0; r < n; r++) {
    const src = order[r];
    values[r] = d[src] * factor;
    for (let k = 0; k < n; k++) {
      const x = q[k * n + src];
      v.data[k * n + r] = x;
      vt.data[r * n + k] = x;
    }
  }
  return { values, vectors: v, vectorsT: vt };
}

/** Eigenvalues only, decreasing (no accumulation of vectors: about a third of the work). */
export function symmetricEigenvalues(a: Matrix): Float64Array {
  checkSquare(a);
  const n = a.rows;
  const { work, factor } = scaled(a);
  const d = new Float64Array(n), e = new Float64Array(Math.max(n, 1));
  tridiagonalize(work, n, d, e, null);
  tridiagonalQL(d, e, n, null);
  const values = Float64Array.from(d, (x) => x * factor);
  return values.sort().reverse();
}
