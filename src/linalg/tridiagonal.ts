/**
 * Householder reduction of a symmetric matrix to tridiagonal form, one
 * reflector at a time (LAPACK dsytd2), with the update of each step fused
 * with the symmetric product of the next. assembly/tridiagonal.ts performs
 * the same operations in the same order in WebAssembly (eigen.ts uses it
 * from TRIDIAGONAL_WASM_MIN; test/wasm-eigen-reduction.test.ts checks that
 * the two agree to the last bit): change both together.
 */

/**
 * Householder vector of x = a[row, from … n−1] (LAPACK dlarfg): H x = β e1,
 * H = I − τ v vᵀ, v_0 = 1. Overwrites x with v; returns τ (0: no reflection)
 * and stores β in e[row].
 */
export function householder(a: Float64Array, n: number, row: number, from: number, e: Float64Array): number {
  const base = row * n;
  const x0 = a[base + from];
  let tail = 0;
  for (let j = from + 1; j < n; j++) tail += a[base + j] * a[base + j];
  if (tail === 0) {
    e[row] = x0;
    return 0;
  }
  const norm = Math.sqrt(x0 * x0 + tail);
  const beta = x0 >= 0 ? -norm : norm;
  const inv = 1 / (x0 - beta);
  a[base + from] = 1;
  for (let j = from + 1; j < n; j++) a[base + j] *= inv;
  e[row] = beta;
  return (beta - x0) / beta;
}

/**
 * Reduces the (scaled) symmetric matrix `a` (row-major n×n, overwritten;
 * only its upper triangle is read) to tridiagonal form: d = diagonal, e[k]
 * couples k and k+1, reflector k (A = Q T Qᵀ, Q = H_0 ⋯ H_{n−3},
 * H_k = I − τ_k v_k v_kᵀ) in row k of `a` from column k+1 (v_k[k+1] = 1) and
 * taus[k]. Starts at step k0 (rows < k0 already reduced; eigen.ts starts
 * at 0, and the WebAssembly kernel only does); y and w are scratch of
 * length n.
 *
 * Step k reflects row k: v_k from a[k, k+1:], then with y = A22 v_k,
 * p = τ y, w = p − ½τ(pᵀv)v, the trailing block takes A22 −= v wᵀ + w vᵀ
 * (LAPACK dsytd2). The update of step k and the symmetric product A22 v_{k+1}
 * of step k+1 share one pass over the upper triangle: each entry is loaded
 * and stored once per step, where the textbook order streams the full block
 * twice.
 */
export function tridiagonalize(n: number, a: Float64Array, d: Float64Array, e: Float64Array, taus: Float64Array, y: Float64Array, w: Float64Array, k0 = 0): void {
  taus.fill(0, k0);
  e[Math.max(n - 1, 0)] = 0;
  if (n - k0 <= 2) {
    for (let i = k0; i < n; i++) d[i] = a[i * n + i];
    if (n - k0 === 2) e[k0] = a[k0 * n + k0 + 1];
  } else {
    // step k0's reflector and y = A22 v_k0 (a plain symmetric product)
    const r0 = k0 * n;
    d[k0] = a[r0 + k0];
    taus[k0] = householder(a, n, k0, k0 + 1, e);
    y.fill(0);
    for (let i = k0 + 1; i < n; i++) {
      const ri = i * n, ui = a[r0 + i];
      let acc = a[ri + i] * ui;
      for (let j = i + 1; j < n; j++) {
        const aij = a[ri + j];
        acc += aij * a[r0 + j];
        y[j] += aij * ui;
      }
      y[i] += acc;
    }
    for (let k = k0; k < n - 2; k++) {
      const rowK = k * n, tau = taus[k], s = k + 1;
      // w = τ y − ½ τ² (yᵀv) v
      let yv = 0;
      for (let i = s; i < n; i++) yv += y[i] * a[rowK + i];
      const half = -0.5 * tau * tau * yv;
      for (let i = s; i < n; i++) w[i] = tau * y[i] + half * a[rowK + i];
      // row k+1: update, then it yields the next reflector
      {
        const ri = s * n, vi = a[rowK + s], wi = w[s];
        for (let j = s; j < n; j++) a[ri + j] -= vi * w[j] + wi * a[rowK + j];
      }
      d[s] = a[s * n + s];
      const last = k === n - 3;
      const rowU = s * n;
      const tauNext = last ? 0 : householder(a, n, s, s + 1, e);
      if (!last) taus[s] = tauNext;
      y.fill(0, s + 1, n);
      // rows k+2 …: update (step k) fused with y = A22 v_{k+1} (step k+1),
      // four rows at a time (independent dot-product chains; each load and
      // store of y_j carries four multiply-adds), then one at a time
      let i = s + 1;
      if (!last) {
        for (; i + 3 < n; i += 4) {
          const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
          const v0 = a[rowK + i], v1 = a[rowK + i + 1], v2 = a[rowK + i + 2], v3 = a[rowK + i + 3];
          const w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
          const u0 = a[rowU + i], u1 = a[rowU + i + 1], u2 = a[rowU + i + 2], u3 = a[rowU + i + 3];
          // the 4×4 diagonal block (upper triangle), updated
          const b00 = a[r0 + i] - 2 * v0 * w0, b11 = a[r1 + i + 1] - 2 * v1 * w1, b22 = a[r2 + i + 2] - 2 * v2 * w2, b33 = a[r3 + i + 3] - 2 * v3 * w3;
          const b01 = a[r0 + i + 1] - (v0 * w1 + w0 * v1), b02 = a[r0 + i + 2] - (v0 * w2 + w0 * v2), b03 = a[r0 + i + 3] - (v0 * w3 + w0 * v3);
          const b12 = a[r1 + i + 2] - (v1 * w2 + w1 * v2), b13 = a[r1 + i + 3] - (v1 * w3 + w1 * v3), b23 = a[r2 + i + 3] - (v2 * w3 + w2 * v3);
          a[r0 + i] = b00; a[r0 + i + 1] = b01; a[r0 + i + 2] = b02; a[r0 + i + 3] = b03;
          a[r1 + i + 1] = b11; a[r1 + i + 2] = b12; a[r1 + i + 3] = b13;
          a[r2 + i + 2] = b22; a[r2 + i + 3] = b23;
          a[r3 + i + 3] = b33;
          let s0 = b00 * u0 + b01 * u1 + b02 * u2 + b03 * u3;
          let s1 = b01 * u0 + b11 * u1 + b12 * u2 + b13 * u3;
          let s2 = b02 * u0 + b12 * u1 + b22 * u2 + b23 * u3;
          let s3 = b03 * u0 + b13 * u1 + b23 * u2 + b33 * u3;
          for (let j = i + 4; j < n; j++) {
            const vj = a[rowK + j], wj = w[j], uj = a[rowU + j];
            const x0 = a[r0 + j] - (v0 * wj + w0 * vj);
            const x1 = a[r1 + j] - (v1 * wj + w1 * vj);
            const x2 = a[r2 + j] - (v2 * wj + w2 * vj);
            const x3 = a[r3 + j] - (v3 * wj + w3 * vj);
            a[r0 + j] = x0;
            a[r1 + j] = x1;
            a[r2 + j] = x2;
            a[r3 + j] = x3;
            s0 += x0 * uj;
            s1 += x1 * uj;
            s2 += x2 * uj;
            s3 += x3 * uj;
            y[j] += x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3;
          }
          y[i] += s0;
          y[i + 1] += s1;
          y[i + 2] += s2;
          y[i + 3] += s3;
        }
      }
      for (; i < n; i++) {
        const ri = i * n, vi = a[rowK + i], wi = w[i];
        const ui = last ? 0 : a[rowU + i];
        const aii = a[ri + i] - 2 * vi * wi;
        a[ri + i] = aii;
        let acc = aii * ui;
        for (let j = i + 1; j < n; j++) {
          const aij = a[ri + j] - (vi * w[j] + wi * a[rowK + j]);
          a[ri + j] = aij;
          acc += aij * a[rowU + j];
          y[j] += aij * ui;
        }
        y[i] += acc;
      }
    }
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 2) * n + n - 1];
    d[n - 1] = a[(n - 1) * n + n - 1];
  }
}
