// AssemblyScript source (compiled by scripts/build-wasm.mjs, not by tsc).
// The eigenvector stage of the eigen-solver below the divide and conquer
// crossover (src/linalg/eigen.ts): forming Q from the Householder reflectors
// (eigen.ts's accumulateQTs), then the QL iteration with its rotations
// applied to Q (tridiagonal-ql.ts's tridiagonalQL and applySweep). Every entry undergoes the same operations in the same order
// as in the TypeScript loops (f64x2 lanes hold entries whose computations are
// independent there too), so the results are the same to the last bit.

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 3);
}

/**
 * Q = H_0 H_1 ⋯ H_{n−3} (row-major n×n into q), v_k in row k of the n×n
 * `a` from column k+1 (v_k[k+1] = 1), τ_k in taus: eigen.ts's accumulateQTs
 * (M ← H_k M backwards; the rank-1 update of H_{k+1} and t = v_kᵀ M for H_k
 * in one pass), lanes over the columns j. tp and tn are scratch of n.
 */
function accumulateQ(a: usize, taus: usize, q: usize, tp: usize, tn: usize, n: i32): void {
  memory.fill(q, 0, <usize>(n * n) << 3);
  for (let i = 0; i < n; i++) store<f64>(at(q, i * n + i), 1);
  let pendingTau: f64 = 0;
  let pendingRow = -1;
  for (let k = n - 3; k >= -1; k--) {
    const s = k + 1;
    const collect = k >= 0 && load<f64>(at(taus, k)) != 0;
    if (collect) memory.fill(at(tn, s), 0, <usize>(n - s) << 3);
    for (let i = max(s, 1); i < n; i++) {
      const ri = at(q, i * n);
      const f: f64 = pendingRow >= 0 && i > pendingRow ? pendingTau * load<f64>(at(a, pendingRow * n + i)) : 0;
      const vi: f64 = collect ? load<f64>(at(a, k * n + i)) : 0;
      const fv = f64x2.splat(f), vv = f64x2.splat(vi);
      let j = s;
      if (f != 0 && vi != 0) {
        for (; j + 1 < n; j += 2) {
          const x = f64x2.sub(v128.load(at(ri, j)), f64x2.mul(fv, v128.load(at(tp, j))));
          v128.store(at(ri, j), x);
          v128.store(at(tn, j), f64x2.add(v128.load(at(tn, j)), f64x2.mul(vv, x)));
        }
        if (j < n) {
          const x = load<f64>(at(ri, j)) - f * load<f64>(at(tp, j));
          store<f64>(at(ri, j), x);
          store<f64>(at(tn, j), load<f64>(at(tn, j)) + vi * x);
        }
      } else if (f != 0) {
        for (; j + 1 < n; j += 2) v128.store(at(ri, j), f64x2.sub(v128.load(at(ri, j)), f64x2.mul(fv, v128.load(at(tp, j)))));
        if (j < n) store<f64>(at(ri, j), load<f64>(at(ri, j)) - f * load<f64>(at(tp, j)));
      } else if (vi != 0) {
        for (; j + 1 < n; j += 2) v128.store(at(tn, j), f64x2.add(v128.load(at(tn, j)), f64x2.mul(vv, v128.load(at(ri, j)))));
        if (j < n) store<f64>(at(tn, j), load<f64>(at(tn, j)) + vi * load<f64>(at(ri, j)));
      }
    }
    if (collect) {
      const swap = tp;
      tp = tn;
      tn = swap;
      store<f64>(at(tp, k), 0); // t_k lives on columns > k; the next pass also reads column k
      pendingTau = load<f64>(at(taus, k));
      pendingRow = k;
    } else {
      pendingRow = -1;
    }
  }
}

/** dst (n×n) = srcᵀ. */
function transpose(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) store<f64>(at(dst, j * n + i), load<f64>(at(src, i * n + j)));
}

/**
 * One QL sweep, the rotations (i, i+1) for i = m−1 down to l (c_i, s_i in
 * cs, sn), applied to the columns of V, here stored transposed (vt = Vᵀ,
 * row i of vt is column i of V): for every k
 *   V[k][i+1] ← s_i V[k][i] + c_i carry,  carry ← c_i V[k][i] − s_i carry
 * (tridiagonal-ql.ts's applySweep), eight k at a time in four f64x2 chains,
 * each row of vt read and written contiguously.
 */
function qlSweep(vt: usize, n: i32, l: i32, m: i32, cs: usize, sn: usize): void {
  let k = 0;
  for (; k + 7 < n; k += 8) {
    const top = at(vt, m * n + k);
    let c0 = v128.load(top), c1 = v128.load(top, 16), c2 = v128.load(top, 32), c3 = v128.load(top, 48);
    for (let i = m - 1; i >= l; i--) {
      const c = f64x2.splat(load<f64>(at(cs, i))), s = f64x2.splat(load<f64>(at(sn, i)));
      const row = at(vt, i * n + k), next = row + (<usize>n << 3);
      const a0 = v128.load(row), a1 = v128.load(row, 16), a2 = v128.load(row, 32), a3 = v128.load(row, 48);
      v128.store(next, f64x2.add(f64x2.mul(s, a0), f64x2.mul(c, c0)));
      v128.store(next, f64x2.add(f64x2.mul(s, a1), f64x2.mul(c, c1)), 16);
      v128.store(next, f64x2.add(f64x2.mul(s, a2), f64x2.mul(c, c2)), 32);
      v128.store(next, f64x2.add(f64x2.mul(s, a3), f64x2.mul(c, c3)), 48);
      c0 = f64x2.sub(f64x2.mul(c, a0), f64x2.mul(s, c0));
      c1 = f64x2.sub(f64x2.mul(c, a1), f64x2.mul(s, c1));
      c2 = f64x2.sub(f64x2.mul(c, a2), f64x2.mul(s, c2));
      c3 = f64x2.sub(f64x2.mul(c, a3), f64x2.mul(s, c3));
    }
    const bottom = at(vt, l * n + k);
    v128.store(bottom, c0);
    v128.store(bottom, c1, 16);
    v128.store(bottom, c2, 32);
    v128.store(bottom, c3, 48);
  }
  for (; k + 1 < n; k += 2) {
    let c0 = v128.load(at(vt, m * n + k));
    for (let i = m - 1; i >= l; i--) {
      const c = f64x2.splat(load<f64>(at(cs, i))), s = f64x2.splat(load<f64>(at(sn, i)));
      const row = at(vt, i * n + k);
      const a0 = v128.load(row);
      v128.store(row + (<usize>n << 3), f64x2.add(f64x2.mul(s, a0), f64x2.mul(c, c0)));
      c0 = f64x2.sub(f64x2.mul(c, a0), f64x2.mul(s, c0));
    }
    v128.store(at(vt, l * n + k), c0);
  }
  if (k < n) {
    let carry = load<f64>(at(vt, m * n + k));
    for (let i = m - 1; i >= l; i--) {
      const c = load<f64>(at(cs, i)), s = load<f64>(at(sn, i));
      const row = at(vt, i * n + k);
      const vi = load<f64>(row);
      store<f64>(row + (<usize>n << 3), s * vi + c * carry);
      carry = c * vi - s * carry;
    }
    store<f64>(at(vt, l * n + k), carry);
  }
}

// Math.hypot of the host engine (V8's): tridiagonal-ql.ts's hypot falls back
// on it when the direct formula under- or overflows, and the same function
// keeps the results bit-identical
// @ts-ignore: decorator
@external("env", "hypot")
declare function hostHypot(a: f64, b: f64): f64;

const EPS: f64 = 2.220446049250313e-16; // 2⁻⁵²
const NEGLIGIBLE: f64 = 1e-290; // tridiagonal-ql.ts's NEGLIGIBLE

// @ts-ignore: decorator
@inline
function coupled(e: f64, tst1: f64): bool {
  const a = abs(e);
  return a > EPS * tst1 && a > NEGLIGIBLE;
}

// @ts-ignore: decorator
@inline
function hypot(a: f64, b: f64): f64 {
  const r = sqrt(a * a + b * b);
  return r > 1e-150 && r < 1e150 ? r : hostHypot(a, b);
}

/**
 * tridiagonal-ql.ts's tridiagonalQL (EISPACK tql2) on (d, e) with the
 * rotations of each sweep applied to vt = Vᵀ by qlSweep. Returns −1, or the
 * index of the eigenvalue for which 60 iterations did not suffice.
 */
function tridiagonalQL(n: i32, d: usize, e: usize, vt: usize, cs: usize, sn: usize): i32 {
  let f: f64 = 0, tst1: f64 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = max(tst1, abs(load<f64>(at(d, l))) + abs(load<f64>(at(e, l))));
    let m = l;
    while (m < n - 1 && coupled(load<f64>(at(e, m)), tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return l;
        let g = load<f64>(at(d, l));
        const el = load<f64>(at(e, l));
        let p = (load<f64>(at(d, l + 1)) - g) / (2 * el);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        store<f64>(at(d, l), el / (p + r));
        store<f64>(at(d, l + 1), el * (p + r));
        const dl1 = load<f64>(at(d, l + 1));
        let h = g - load<f64>(at(d, l));
        for (let i = l + 2; i < n; i++) store<f64>(at(d, i), load<f64>(at(d, i)) - h);
        f += h;
        p = load<f64>(at(d, m));
        let c: f64 = 1, c2: f64 = 1, c3: f64 = 1, s: f64 = 0, s2: f64 = 0;
        const el1 = load<f64>(at(e, l + 1));
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const ei = load<f64>(at(e, i)), di = load<f64>(at(d, i));
          g = c * ei;
          h = c * p;
          r = hypot(p, ei);
          store<f64>(at(e, i + 1), s * r);
          s = ei / r;
          c = p / r;
          p = c * di - s * g;
          store<f64>(at(d, i + 1), h + s * (c * g + s * di));
          store<f64>(at(cs, i), c);
          store<f64>(at(sn, i), s);
        }
        qlSweep(vt, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * load<f64>(at(e, l))) / dl1;
        store<f64>(at(e, l), s * p);
        store<f64>(at(d, l), c * p);
      } while (coupled(load<f64>(at(e, l)), tst1));
    }
    store<f64>(at(d, l), load<f64>(at(d, l)) + f);
    store<f64>(at(e, l), 0);
  }
  return -1;
}

/**
 * The eigenvectors below the divide and conquer crossover in one call: Q
 * from the reflectors (accumulateQ, into q), Qᵀ into qt, the QL iteration on
 * (d, e) rotating qt, and V = (qt)ᵀ back into q. tp, tn, cs, sn: scratch of
 * n each. Returns tridiagonalQL's status.
 */
export function eigenVectorsQL(n: i32, a: usize, taus: usize, d: usize, e: usize, q: usize, qt: usize, tp: usize, tn: usize, cs: usize, sn: usize): i32 {
  accumulateQ(a, taus, q, tp, tn, n);
  transpose(q, qt, n);
  const status = tridiagonalQL(n, d, e, qt, cs, sn);
  transpose(qt, q, n);
  return status;
}
