/**
 * Implicit QL iteration on a symmetric tridiagonal matrix (EISPACK tql2),
 * optionally accumulating the rotations into a row-major matrix V
 * (V ← V G_1 G_2 ⋯, so V T Vᵀ is unchanged: start from I for the
 * eigenvectors of T, from Q for those of A = Q T Qᵀ).
 *
 * Shared by eigen.ts (eigenvalues, and eigenvectors below the divide and
 * conquer crossover) and divide-conquer.ts (its leaves).
 */

const EPS = 2 ** -52;
/**
 * Off-diagonal entries below this are negligible against the matrix, which is
 * pre-scaled to max-norm 1 (eigen.ts's loadScaled): deflate them whatever the
 * local test says. Without it a subnormal coupling next to a zero diagonal
 * entry passed the local test |e| > ε (|d| + |e|) and the shift
 * (d_{l+1} − d_l) / (2 e_l) overflowed to ∞, so [[0, 5e-324], [5e-324, 1]]
 * had NaN eigenvalues.
 */
export const NEGLIGIBLE = 1e-290;

/** Is the coupling e large enough to keep, against ε times the norm seen so far? */
function coupled(e: number, tst1: number): boolean {
  const a = Math.abs(e);
  return a > EPS * tst1 && a > NEGLIGIBLE;
}

/** √(a² + b²): the direct formula (inputs are pre-scaled to max-norm 1), Math.hypot only if it under- or overflowed. */
export function hypot(a: number, b: number): number {
  const r = Math.sqrt(a * a + b * b);
  return r > 1e-150 && r < 1e150 ? r : Math.hypot(a, b);
}

/**
 * Implicit QL on the tridiagonal (d, e) of order n, e[k] coupling k and k+1
 * (EISPACK tql2). When v (row-major n×n) is given, each sweep's rotations are
 * recorded in (cs, sn) and then applied row by row of V in one fused pass
 * (applySweep). Leaves the eigenvalues unsorted in d; overwrites e.
 */
export function tridiagonalQL(n: number, d: Float64Array, e: Float64Array, v: Float64Array | null, cs: Float64Array, sn: Float64Array): void {
  let f = 0, tst1 = 0;
  const maxIter = 60;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && coupled(e[m], tst1)) m++;
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
      } while (coupled(e[l], tst1));
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * Applies the rotations (i, i+1) for i = m−1 down to l to the columns of V:
 * for row k the sweep is the recurrence
 *   V[k][i+1] ← s_i V[k][i] + c_i carry,  carry ← c_i V[k][i] − s_i carry,
 * which reads and writes each entry once, contiguously, instead of touching
 * two strided columns per rotation. Four rows at a time: the recurrence is a
 * dependency chain, and four independent chains keep the multiplier busy.
 */
function applySweep(v: Float64Array, n: number, l: number, m: number, cs: Float64Array, sn: Float64Array): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const r0 = k * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    let c0 = v[r0 + m], c1 = v[r1 + m], c2 = v[r2 + m], c3 = v[r3 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cs[i], s = sn[i];
      const a0 = v[r0 + i], a1 = v[r1 + i], a2 = v[r2 + i], a3 = v[r3 + i];
      v[r0 + i + 1] = s * a0 + c * c0;
      v[r1 + i + 1] = s * a1 + c * c1;
      v[r2 + i + 1] = s * a2 + c * c2;
      v[r3 + i + 1] = s * a3 + c * c3;
      c0 = c * a0 - s * c0;
      c1 = c * a1 - s * c1;
      c2 = c * a2 - s * c2;
      c3 = c * a3 - s * c3;
    }
    v[r0 + l] = c0;
    v[r1 + l] = c1;
    v[r2 + l] = c2;
    v[r3 + l] = c3;
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
