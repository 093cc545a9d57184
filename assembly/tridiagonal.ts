// AssemblyScript source (compiled by scripts/build-wasm.mjs, not by tsc).
// The Householder reduction to tridiagonal form of src/linalg/tridiagonal.ts
// (tridiagonalize, LAPACK dsytd2 with the update of step k fused with the
// symmetric product of step k+1). Every entry and every sum undergoes the
// same operations in the same order as in the TypeScript loops: the f64x2
// lanes hold two columns j, j+1, whose updates are independent there too,
// and the dot products along a row add their lanes one after the other into
// a scalar chain, as the TypeScript loop adds its terms. The results are the
// same to the last bit.

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 3);
}

// Householder vector of a[row, from … n−1] (tridiagonal.ts's householder):
// stores β in e[row], returns τ
function householder(a: usize, n: i32, row: i32, from: i32, e: usize): f64 {
  const base = at(a, row * n);
  const x0 = load<f64>(at(base, from));
  let tail: f64 = 0;
  for (let j = from + 1; j < n; j++) { const x = load<f64>(at(base, j)); tail += x * x; }
  if (tail == 0) {
    store<f64>(at(e, row), x0);
    return 0;
  }
  const norm = sqrt(x0 * x0 + tail);
  const beta = x0 >= 0 ? -norm : norm;
  const inv = 1 / (x0 - beta);
  store<f64>(at(base, from), 1);
  for (let j = from + 1; j < n; j++) store<f64>(at(base, j), load<f64>(at(base, j)) * inv);
  store<f64>(at(e, row), beta);
  return (beta - x0) / beta;
}

/**
 * tridiagonal.ts's tridiagonalize with k0 = 0 on the row-major n×n `a`
 * (overwritten by the reflectors), d, e, taus (n each), y and w scratch of n.
 */
export function tridiagonalize(n: i32, a: usize, d: usize, e: usize, taus: usize, y: usize, w: usize): void {
  memory.fill(taus, 0, <usize>n << 3);
  store<f64>(at(e, max(n - 1, 0)), 0);
  if (n <= 2) {
    for (let i = 0; i < n; i++) store<f64>(at(d, i), load<f64>(at(a, i * n + i)));
    if (n == 2) store<f64>(e, load<f64>(at(a, 1)));
    return;
  }
  store<f64>(d, load<f64>(a));
  store<f64>(taus, householder(a, n, 0, 1, e));
  memory.fill(y, 0, <usize>n << 3);
  for (let i = 1; i < n; i++) {
    const ri = at(a, i * n), ui = load<f64>(at(a, i));
    let acc = load<f64>(at(ri, i)) * ui;
    for (let j = i + 1; j < n; j++) {
      const aij = load<f64>(at(ri, j));
      acc += aij * load<f64>(at(a, j));
      store<f64>(at(y, j), load<f64>(at(y, j)) + aij * ui);
    }
    store<f64>(at(y, i), load<f64>(at(y, i)) + acc);
  }
  for (let k = 0; k < n - 2; k++) {
    const rowK = at(a, k * n), tau = load<f64>(at(taus, k)), s = k + 1;
    // w = τ y − ½ τ² (yᵀv) v
    let yv: f64 = 0;
    for (let i = s; i < n; i++) yv += load<f64>(at(y, i)) * load<f64>(at(rowK, i));
    const half = -0.5 * tau * tau * yv;
    for (let i = s; i < n; i++) store<f64>(at(w, i), tau * load<f64>(at(y, i)) + half * load<f64>(at(rowK, i)));
    {
      const ri = at(a, s * n), vi = load<f64>(at(rowK, s)), wi = load<f64>(at(w, s));
      for (let j = s; j < n; j++) store<f64>(at(ri, j), load<f64>(at(ri, j)) - (vi * load<f64>(at(w, j)) + wi * load<f64>(at(rowK, j))));
    }
    store<f64>(at(d, s), load<f64>(at(a, s * n + s)));
    const last = k == n - 3;
    const rowU = at(a, s * n);
    const tauNext = last ? 0 : householder(a, n, s, s + 1, e);
    if (!last) store<f64>(at(taus, s), tauNext);
    memory.fill(at(y, s + 1), 0, <usize>(n - s - 1) << 3);
    let i = s + 1;
    if (!last) {
      for (; i + 3 < n; i += 4) {
        const r0 = at(a, i * n), r1 = r0 + (<usize>n << 3), r2 = r1 + (<usize>n << 3), r3 = r2 + (<usize>n << 3);
        const v0 = load<f64>(at(rowK, i)), v1 = load<f64>(at(rowK, i + 1)), v2 = load<f64>(at(rowK, i + 2)), v3 = load<f64>(at(rowK, i + 3));
        const w0 = load<f64>(at(w, i)), w1 = load<f64>(at(w, i + 1)), w2 = load<f64>(at(w, i + 2)), w3 = load<f64>(at(w, i + 3));
        const u0 = load<f64>(at(rowU, i)), u1 = load<f64>(at(rowU, i + 1)), u2 = load<f64>(at(rowU, i + 2)), u3 = load<f64>(at(rowU, i + 3));
        const b00 = load<f64>(at(r0, i)) - 2 * v0 * w0, b11 = load<f64>(at(r1, i + 1)) - 2 * v1 * w1;
        const b22 = load<f64>(at(r2, i + 2)) - 2 * v2 * w2, b33 = load<f64>(at(r3, i + 3)) - 2 * v3 * w3;
        const b01 = load<f64>(at(r0, i + 1)) - (v0 * w1 + w0 * v1), b02 = load<f64>(at(r0, i + 2)) - (v0 * w2 + w0 * v2);
        const b03 = load<f64>(at(r0, i + 3)) - (v0 * w3 + w0 * v3), b12 = load<f64>(at(r1, i + 2)) - (v1 * w2 + w1 * v2);
        const b13 = load<f64>(at(r1, i + 3)) - (v1 * w3 + w1 * v3), b23 = load<f64>(at(r2, i + 3)) - (v2 * w3 + w2 * v3);
        store<f64>(at(r0, i), b00); store<f64>(at(r0, i + 1), b01); store<f64>(at(r0, i + 2), b02); store<f64>(at(r0, i + 3), b03);
        store<f64>(at(r1, i + 1), b11); store<f64>(at(r1, i + 2), b12); store<f64>(at(r1, i + 3), b13);
        store<f64>(at(r2, i + 2), b22); store<f64>(at(r2, i + 3), b23);
        store<f64>(at(r3, i + 3), b33);
        let s0 = b00 * u0 + b01 * u1 + b02 * u2 + b03 * u3;
        let s1 = b01 * u0 + b11 * u1 + b12 * u2 + b13 * u3;
        let s2 = b02 * u0 + b12 * u1 + b22 * u2 + b23 * u3;
        let s3 = b03 * u0 + b13 * u1 + b23 * u2 + b33 * u3;
        const V0 = f64x2.splat(v0), V1 = f64x2.splat(v1), V2 = f64x2.splat(v2), V3 = f64x2.splat(v3);
        const W0 = f64x2.splat(w0), W1 = f64x2.splat(w1), W2 = f64x2.splat(w2), W3 = f64x2.splat(w3);
        const U0 = f64x2.splat(u0), U1 = f64x2.splat(u1), U2 = f64x2.splat(u2), U3 = f64x2.splat(u3);
        let j = i + 4;
        for (; j + 1 < n; j += 2) {
          const vj = v128.load(at(rowK, j)), wj = v128.load(at(w, j)), uj = v128.load(at(rowU, j));
          const x0 = f64x2.sub(v128.load(at(r0, j)), f64x2.add(f64x2.mul(V0, wj), f64x2.mul(W0, vj)));
          const x1 = f64x2.sub(v128.load(at(r1, j)), f64x2.add(f64x2.mul(V1, wj), f64x2.mul(W1, vj)));
          const x2 = f64x2.sub(v128.load(at(r2, j)), f64x2.add(f64x2.mul(V2, wj), f64x2.mul(W2, vj)));
          const x3 = f64x2.sub(v128.load(at(r3, j)), f64x2.add(f64x2.mul(V3, wj), f64x2.mul(W3, vj)));
          v128.store(at(r0, j), x0);
          v128.store(at(r1, j), x1);
          v128.store(at(r2, j), x2);
          v128.store(at(r3, j), x3);
          const p0 = f64x2.mul(x0, uj), p1 = f64x2.mul(x1, uj), p2 = f64x2.mul(x2, uj), p3 = f64x2.mul(x3, uj);
          s0 = s0 + f64x2.extract_lane(p0, 0) + f64x2.extract_lane(p0, 1);
          s1 = s1 + f64x2.extract_lane(p1, 0) + f64x2.extract_lane(p1, 1);
          s2 = s2 + f64x2.extract_lane(p2, 0) + f64x2.extract_lane(p2, 1);
          s3 = s3 + f64x2.extract_lane(p3, 0) + f64x2.extract_lane(p3, 1);
          const t = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(x0, U0), f64x2.mul(x1, U1)), f64x2.mul(x2, U2)), f64x2.mul(x3, U3));
          v128.store(at(y, j), f64x2.add(v128.load(at(y, j)), t));
        }
        if (j < n) {
          const vj = load<f64>(at(rowK, j)), wj = load<f64>(at(w, j)), uj = load<f64>(at(rowU, j));
          const x0 = load<f64>(at(r0, j)) - (v0 * wj + w0 * vj);
          const x1 = load<f64>(at(r1, j)) - (v1 * wj + w1 * vj);
          const x2 = load<f64>(at(r2, j)) - (v2 * wj + w2 * vj);
          const x3 = load<f64>(at(r3, j)) - (v3 * wj + w3 * vj);
          store<f64>(at(r0, j), x0);
          store<f64>(at(r1, j), x1);
          store<f64>(at(r2, j), x2);
          store<f64>(at(r3, j), x3);
          s0 += x0 * uj;
          s1 += x1 * uj;
          s2 += x2 * uj;
          s3 += x3 * uj;
          store<f64>(at(y, j), load<f64>(at(y, j)) + (x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3));
        }
        store<f64>(at(y, i), load<f64>(at(y, i)) + s0);
        store<f64>(at(y, i + 1), load<f64>(at(y, i + 1)) + s1);
        store<f64>(at(y, i + 2), load<f64>(at(y, i + 2)) + s2);
        store<f64>(at(y, i + 3), load<f64>(at(y, i + 3)) + s3);
      }
    }
    for (; i < n; i++) {
      const ri = at(a, i * n), vi = load<f64>(at(rowK, i)), wi = load<f64>(at(w, i));
      const ui: f64 = last ? 0 : load<f64>(at(rowU, i));
      const aii = load<f64>(at(ri, i)) - 2 * vi * wi;
      store<f64>(at(ri, i), aii);
      let acc = aii * ui;
      for (let j = i + 1; j < n; j++) {
        const aij = load<f64>(at(ri, j)) - (vi * load<f64>(at(w, j)) + wi * load<f64>(at(rowK, j)));
        store<f64>(at(ri, j), aij);
        acc += aij * load<f64>(at(rowU, j));
        store<f64>(at(y, j), load<f64>(at(y, j)) + aij * ui);
      }
      store<f64>(at(y, i), load<f64>(at(y, i)) + acc);
    }
  }
  store<f64>(at(d, n - 2), load<f64>(at(a, (n - 2) * n + n - 2)));
  store<f64>(at(e, n - 2), load<f64>(at(a, (n - 2) * n + n - 1)));
  store<f64>(at(d, n - 1), load<f64>(at(a, (n - 1) * n + n - 1)));
}
