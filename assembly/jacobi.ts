// AssemblyScript source (compiled by scripts/build-wasm.mjs, not by tsc).
// The sweeps of one-sided Jacobi (src/linalg/svd.ts, jacobiRows): the same
// operations in the same order as the TypeScript loop, so the result is the
// same to the last bit; the row dot products and rotations run in f64x2.

const TOL: f64 = 4 * 2.220446049250313e-16; // 4 · 2⁻⁵²
const TINY: f64 = 1e-300;
// rowDot2 in the first sweep and in a sweep after one in which fewer than
// 1/PAIRED_BELOW of the pairs rotated (measured: from a near-orthogonal start,
// svd.ts's svdFromGramEigen / svdFromBasis, even the first sweep rotates only
// about a quarter of the pairs).
const PAIRED_BELOW: i32 = 2;

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

// The second sum of rowDot2 (a global: an inlined function returns one value).
let dot2: f64 = 0;

// rowDot(a, b, len) as the result and rowDot(a, c, len) in dot2, each with
// exactly rowDot's partial sums and their order (bit-identical), reading the
// row a once for both.
// @ts-ignore: decorator
@inline
function rowDot2(a: usize, b: usize, c: usize, len: i32): f64 {
  let s01 = f64x2.splat(0), s23 = f64x2.splat(0), t01 = f64x2.splat(0), t23 = f64x2.splat(0);
  let k = 0;
  for (; k + 3 < len; k += 4) {
    const o = <usize>k << 3;
    const x01 = v128.load(a + o), x23 = v128.load(a + o, 16);
    s01 = f64x2.add(s01, f64x2.mul(x01, v128.load(b + o)));
    s23 = f64x2.add(s23, f64x2.mul(x23, v128.load(b + o, 16)));
    t01 = f64x2.add(t01, f64x2.mul(x01, v128.load(c + o)));
    t23 = f64x2.add(t23, f64x2.mul(x23, v128.load(c + o, 16)));
  }
  let s0 = f64x2.extract_lane(s01, 0), u0 = f64x2.extract_lane(t01, 0);
  for (; k < len; k++) {
    const x = load<f64>(a + (<usize>k << 3));
    s0 += x * load<f64>(b + (<usize>k << 3));
    u0 += x * load<f64>(c + (<usize>k << 3));
  }
  dot2 = u0 + f64x2.extract_lane(t01, 1) + (f64x2.extract_lane(t23, 0) + f64x2.extract_lane(t23, 1));
  return s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
}

// One pair (i, j) of a sweep given γ = g_i·g_j: the stopping test and, when it
// fails, the rotation of rows i, j of g and acc and the update of their norms.
// Returns whether it rotated.
// @ts-ignore: decorator
@inline
function pair(g: usize, q: i32, acc: usize, p: i32, norms: usize, i: i32, j: i32, gamma: f64): bool {
  const alpha = load<f64>(norms + (<usize>i << 3)), beta = load<f64>(norms + (<usize>j << 3));
  if (gamma == 0 || min(alpha, beta) < TINY || abs(gamma) <= TOL * sqrt(alpha) * sqrt(beta)) return false;
  const zeta = (beta - alpha) / (2 * gamma);
  const az = abs(zeta);
  const t = (zeta >= 0 ? 1.0 : -1.0) / (az + (az > 1e150 ? az : sqrt(1 + zeta * zeta)));
  if (t == 0) return false;
  const c = 1 / sqrt(1 + t * t), s = c * t;
  rotate(g + (<usize>(i * q) << 3), g + (<usize>(j * q) << 3), q, c, s);
  rotate(acc + (<usize>(i * p) << 3), acc + (<usize>(j * p) << 3), p, c, s);
  store<f64>(norms + (<usize>i << 3), alpha - t * gamma);
  store<f64>(norms + (<usize>j << 3), beta + t * gamma);
  return true;
}

/**
 * Orthogonalises the p rows (length q) of g in place and applies the same
 * rotations to the p×p rows of acc; `norms` receives the p squared row norms
 * (on return, Σ_k g_ik² of the final rows, summed in order), `flags` is
 * scratch for 2p bytes. Returns the number of sweeps, or −1 when maxSweeps
 * did not suffice.
 *
 * Pairs are visited in svd.ts's order with the same arithmetic, and skipped
 * by the same rule (jacobiRowsTs): when neither row was rotated in the
 * previous sweep or so far in this one, the pair would be tested with the γ
 * and norms of its last test, which did not rotate it. A sweep in which few
 * pairs are expected to rotate (PAIRED_BELOW) computes g_i·g_j and g_i·g_{j+1}
 * together (rowDot2: row i read once) when both pairs are to be tested; the
 * second is used only when (i, j) did not rotate (rows i and j+1 are then as
 * they were), else recomputed, so every γ and every decision is the one of
 * the plain loop (bit-identical).
 */
export function jacobiRows(g: usize, p: i32, q: i32, acc: usize, norms: usize, flags: usize, maxSweeps: i32): i32 {
  const pairs = p * (p - 1) / 2;
  let paired = true; // rowDot2 in this sweep
  // moved[i]: row i was rotated in the previous sweep; moving[i]: so far in this one
  let moved = flags, moving = flags + <usize>p;
  memory.fill(moved, 1, <usize>p);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    for (let i = 0; i < p; i++) {
      if (load<u8>(moved + <usize>i) == 0) continue; // an unchanged row keeps the norm it was given
      let s: f64 = 0;
      const row = g + (<usize>(i * q) << 3);
      for (let k = 0; k < q; k++) { const v = load<f64>(row + (<usize>k << 3)); s += v * v; }
      store<f64>(norms + (<usize>i << 3), s);
    }
    memory.fill(moving, 0, <usize>p);
    let rotations = 0;
    for (let i = 0; i < p - 1; i++) {
      const ri = g + (<usize>(i * q) << 3);
      let j = i + 1;
      while (j < p) {
        if (!needed(moved, moving, i, j)) { j++; continue; }
        const rj = g + (<usize>(j * q) << 3);
        if (paired && j + 1 < p && needed(moved, moving, i, j + 1)) {
          const gamma = rowDot2(ri, rj, rj + (<usize>q << 3), q);
          const next = dot2;
          if (pair(g, q, acc, p, norms, i, j, gamma)) {
            rotations++;
            mark(moving, i, j);
            if (pair(g, q, acc, p, norms, i, j + 1, rowDot(ri, rj + (<usize>q << 3), q))) { rotations++; mark(moving, i, j + 1); }
          } else if (pair(g, q, acc, p, norms, i, j + 1, next)) { rotations++; mark(moving, i, j + 1); }
          j += 2;
        } else {
          if (pair(g, q, acc, p, norms, i, j, rowDot(ri, rj, q))) { rotations++; mark(moving, i, j); }
          j++;
        }
      }
    }
    if (rotations == 0) return sweep + 1;
    paired = rotations * PAIRED_BELOW < pairs;
    const t = moved; moved = moving; moving = t;
  }
  return -1;
}

// Is pair (i, j) to be tested: was row i or row j rotated in the previous sweep or so far in this one?
// @ts-ignore: decorator
@inline
function needed(moved: usize, moving: usize, i: i32, j: i32): bool {
  return (load<u8>(moved + <usize>i) | load<u8>(moved + <usize>j) | load<u8>(moving + <usize>i) | load<u8>(moving + <usize>j)) != 0;
}

// Rows i and j were rotated in this sweep.
// @ts-ignore: decorator
@inline
function mark(moving: usize, i: i32, j: i32): void {
  store<u8>(moving + <usize>i, 1);
  store<u8>(moving + <usize>j, 1);
}
