// AssemblyScript source (compiled by scripts/build-wasm.mjs, not by tsc).
// The sweeps of one-sided Jacobi (src/linalg/svd.ts, jacobiRows): the same
// operations in the same order as the TypeScript loop, so the result is the
// same to the last bit; the row dot products and rotations run in f64x2.

const TOL: f64 = 4 * 2.220446049250313e-16; // 4 · 2⁻⁵²
const TINY: f64 = 1e-300;

// Σ_k g[a+k] g[b+k] with the four partial sums of svd.ts's rowDot: lanes of
// s01 hold the sums over k ≡ 0, 1 (mod 4), lanes of s23 those over k ≡ 2, 3.
// @ts-ignore: decorator
@inline
function rowDot(a: usize, b: usize, len: i32): f64 {
  let s01 = f64x2.splat(0), s23 = f64x2.splat(0);
  let k = 0;
  for (; k + 3 < len; k += 4) {
    const o = <usize>k << 3;
    s01 = f64x2.add(s01, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    s23 = f64x2.add(s23, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  let s0 = f64x2.extract_lane(s01, 0);
  for (; k < len; k++) s0 += load<f64>(a + (<usize>k << 3)) * load<f64>(b + (<usize>k << 3));
  return s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
}

// rows x, y (length len) ← (c x − s y, s x + c y)
// @ts-ignore: decorator
@inline
function rotate(x: usize, y: usize, len: i32, c: f64, s: f64): void {
  const cv = f64x2.splat(c), sv = f64x2.splat(s);
  let k = 0;
  for (; k + 1 < len; k += 2) {
    const o = <usize>k << 3;
    const u = v128.load(x + o), v = v128.load(y + o);
    v128.store(x + o, f64x2.sub(f64x2.mul(cv, u), f64x2.mul(sv, v)));
    v128.store(y + o, f64x2.add(f64x2.mul(sv, u), f64x2.mul(cv, v)));
  }
  if (k < len) {
    const o = <usize>k << 3;
    const u = load<f64>(x + o), v = load<f64>(y + o);
    store<f64>(x + o, c * u - s * v);
    store<f64>(y + o, s * u + c * v);
  }
}

/**
 * Orthogonalises the p rows (length q) of g in place and applies the same
 * rotations to the p×p rows of acc; `norms` is scratch for p values.
 * Returns the number of sweeps, or −1 when maxSweeps did not suffice.
 */
export function jacobiRows(g: usize, p: i32, q: i32, acc: usize, norms: usize, maxSweeps: i32): i32 {
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    for (let i = 0; i < p; i++) {
      let s: f64 = 0;
      const row = g + (<usize>(i * q) << 3);
      for (let k = 0; k < q; k++) { const v = load<f64>(row + (<usize>k << 3)); s += v * v; }
      store<f64>(norms + (<usize>i << 3), s);
    }
    let rotated = false;
    for (let i = 0; i < p - 1; i++) {
      const ri = g + (<usize>(i * q) << 3);
      for (let j = i + 1; j < p; j++) {
        const rj = g + (<usize>(j * q) << 3);
        const alpha = load<f64>(norms + (<usize>i << 3)), beta = load<f64>(norms + (<usize>j << 3));
        const gamma = rowDot(ri, rj, q);
        if (gamma == 0 || min(alpha, beta) < TINY || abs(gamma) <= TOL * sqrt(alpha) * sqrt(beta)) continue;
        const zeta = (beta - alpha) / (2 * gamma);
        const az = abs(zeta);
        const t = (zeta >= 0 ? 1.0 : -1.0) / (az + (az > 1e150 ? az : sqrt(1 + zeta * zeta)));
        if (t == 0) continue;
        rotated = true;
        const c = 1 / sqrt(1 + t * t), s = c * t;
        rotate(ri, rj, q, c, s);
        rotate(acc + (<usize>(i * p) << 3), acc + (<usize>(j * p) << 3), p, c, s);
        store<f64>(norms + (<usize>i << 3), alpha - t * gamma);
        store<f64>(norms + (<usize>j << 3), beta + t * gamma);
      }
    }
    if (!rotated) return sweep + 1;
  }
  return -1;
}
