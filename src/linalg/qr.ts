/**
 * Householder QR and what is built from it: orthonormal bases and their
 * complements.
 */
import { type Matrix, zeros } from "./matrix.js";

export type Qr = { readonly Q: Matrix; readonly R: Matrix };

/**
 * Thin QR of A (n×k, n ≥ k) by Householder reflections: A = Q R, Q n×k with
 * orthonormal columns, R k×k upper triangular with diag(R) ≥ 0 (the unique
 * factor when A has full rank: with Gaussian A, Q is then Haar distributed).
 */
export function qr(a: Matrix): Qr {
  const n = a.rows, k = a.cols;
  if (n < k) throw new RangeError(`qr: ${n}×${k} has fewer rows than columns`);
  // work on Aᵀ so that each column of A (a Householder vector's target) is a contiguous row
  const w = new Float64Array(k * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) w[j * n + i] = a.data[i * k + j];
  const vs = new Float64Array(k * n), taus = new Float64Array(k);
  const R = zeros(k, k);
  for (let j = 0; j < k; j++) {
    const rj = j * n;
    let tail = 0;
    for (let i = j + 1; i < n; i++) tail += w[rj + i] * w[rj + i];
    const x0 = w[rj + j];
    let beta = x0, tau = 0;
    if (tail > 0) {
      const norm = Math.sqrt(x0 * x0 + tail);
      beta = x0 >= 0 ? -norm : norm;
      tau = (beta - x0) / beta;
      const inv = 1 / (x0 - beta);
      vs[rj + j] = 1;
      for (let i = j + 1; i < n; i++) vs[rj + i] = w[rj + i] * inv;
    }
    taus[j] = tau;
    R.data[j * k + j] = beta;
    // apply H_j to the remaining columns (rows of w)
    for (let c = j + 1; c < k; c++) {
      const rc = c * n;
      if (tau !== 0) {
        let dot = 0;
        for (let i = j; i < n; i++) dot += vs[rj + i] * w[rc + i];
        dot *= tau;
        for (let i = j; i < n; i++) w[rc + i] -= dot * vs[rj + i];
      }
      R.data[j * k + c] = w[rc + j];
    }
  }
  // Q = H_0 ⋯ H_{k−1} applied to the first k columns of I (stored as rows of qt)
  const qt = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    const rc = c * n;
    qt[rc + c] = 1;
    for (let j = Math.min(c, k - 1); j >= 0; j--) {
      const tau = taus[j];
      if (tau === 0) continue;
      const rj = j * n;
      let dot = 0;
      for (let i = j; i < n; i++) dot += vs[rj + i] * qt[rc + i];
      dot *= tau;
      for (let i = j; i < n; i++) qt[rc + i] -= dot * vs[rj + i];
    }
  }
  // make diag(R) ≥ 0
  const Q = zeros(n, k);
  for (let j = 0; j < k; j++) {
    const sign = R.data[j * k + j] < 0 ? -1 : 1;
    for (let c = j; c < k; c++) R.data[j * k + c] *= sign;
    for (let i = 0; i < n; i++) Q.data[i * k + j] = sign * qt[j * n + i];
  }
  return { Q, R };
}

/**
 * An orthonormal basis (n×(n−k)) of the orthogonal complement of the range
 * of Q (n×k, orthonormal columns): the last n−k columns of the full QR of Q,
 * obtained by projecting the coordinate vectors and orthonormalising twice
 * (Gram–Schmidt "twice is enough").
 */
export function orthonormalComplement(q: Matrix): Matrix {
  const n = q.rows, k = q.cols, need = n - k;
  const out = zeros(n, need);
  if (need <= 0) return out;
  const basis: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = q.data[i * k + j];
    basis.push(col);
  }
  // candidates: coordinate vectors, most "outside" the range first
  const leverage = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < k; j++) s += q.data[i * k + j] ** 2;
    return { i, s };
  }).sort((a, b) => a.s - b.s);
  let found = 0;
  for (const { i } of leverage) {
    if (found === need) break;
    const v = new Float64Array(n);
    v[i] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let dot = 0;
        for (let t = 0; t < n; t++) dot += b[t] * v[t];
        for (let t = 0; t < n; t++) v[t] -= dot * b[t];
      }
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += v[t] * v[t];
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue;
    for (let t = 0; t < n; t++) v[t] /= norm;
    basis.push(v);
    for (let t = 0; t < n; t++) out.data[t * need + found] = v[t];
    found++;
  }
  if (found < need) throw new Error("orthonormalComplement: could not complete the basis");
  return out;
}
