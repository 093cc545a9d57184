// AssemblyScript source (compiled by scripts/build-wasm.mjs, not by tsc).
// C (n×m, row-major at c) = op(A) op(B), with op(A)[i][k] = A[i·ars + k·acs]
// and op(B)[k][j] = B[k·brs + j·bcs] (f64 element strides, pointers in bytes).

/** Start of the free memory: everything from here on is the caller's. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

// Rows [i0, i0+4) of op(A) into ap[k·4 + r] (zero past row n).
function packA(a: usize, ars: i32, acs: i32, ap: usize, i0: i32, n: i32, p: i32): void {
  const rows = min(4, n - i0);
  if (rows == 4) {
    const r0 = a + (<usize>(i0 * ars) << 3), rs = <usize>ars << 3, ks = <usize>acs << 3;
    let src = r0, dst = ap;
    const end = ap + (<usize>p << 5);
    if (ars == 1) { // op(A) = Aᵀ: the four values of a column are adjacent
      while (dst < end) {
        v128.store(dst, v128.load(src)); v128.store(dst, v128.load(src, 16), 16);
        src += ks; dst += 32;
      }
    } else {
      while (dst < end) {
        store<f64>(dst, load<f64>(src)); store<f64>(dst, load<f64>(src + rs), 8);
        store<f64>(dst, load<f64>(src + 2 * rs), 16); store<f64>(dst, load<f64>(src + 3 * rs), 24);
        src += ks; dst += 32;
      }
    }
    return;
  }
  for (let k = 0; k < p; k++) {
    const dst = ap + (<usize>k << 5);
    for (let r = 0; r < 4; r++) {
      store<f64>(dst + (<usize>r << 3), r < rows ? load<f64>(a + (<usize>((i0 + r) * ars + k * acs) << 3)) : 0.0);
    }
  }
}

// Columns [j0, j0+4) of op(B) into bp[k·4 + t] (zero past column m): the
// same packing as op(A)'s rows, with op(B)ᵀ in place of op(A).
// @ts-ignore: decorator
@inline
function packB(b: usize, brs: i32, bcs: i32, bp: usize, j0: i32, m: i32, p: i32): void {
  packA(b, bcs, brs, bp, j0, m, p);
}

// 4×4 block of C from the packed panels: eight f64x2 accumulators.
// @ts-ignore: decorator
@inline
function block(ap: usize, bp: usize, p: i32, c: usize, m: i32, i0: i32, j0: i32, rows: i32, cols: i32): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  let pa = ap, pb = bp;
  const end = ap + (<usize>p << 5);
  while (pa < end) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let x = v128.load64_splat(pa);
    c00 = f64x2.add(c00, f64x2.mul(x, b0)); c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(pa, 8);
    c10 = f64x2.add(c10, f64x2.mul(x, b0)); c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(pa, 16);
    c20 = f64x2.add(c20, f64x2.mul(x, b0)); c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(pa, 24);
    c30 = f64x2.add(c30, f64x2.mul(x, b0)); c31 = f64x2.add(c31, f64x2.mul(x, b1));
    pa += 32; pb += 32;
  }
  const row = c + (<usize>(i0 * m + j0) << 3), rs = <usize>m << 3;
  if (rows == 4 && cols == 4) {
    v128.store(row, c00); v128.store(row, c01, 16);
    v128.store(row + rs, c10); v128.store(row + rs, c11, 16);
    v128.store(row + 2 * rs, c20); v128.store(row + 2 * rs, c21, 16);
    v128.store(row + 3 * rs, c30); v128.store(row + 3 * rs, c31, 16);
    return;
  }
  storeRow(row, c00, c01, cols);
  if (rows > 1) storeRow(row + rs, c10, c11, cols);
  if (rows > 2) storeRow(row + 2 * rs, c20, c21, cols);
  if (rows > 3) storeRow(row + 3 * rs, c30, c31, cols);
}

function storeRow(dst: usize, lo: v128, hi: v128, cols: i32): void {
  store<f64>(dst, f64x2.extract_lane(lo, 0));
  if (cols > 1) store<f64>(dst, f64x2.extract_lane(lo, 1), 8);
  if (cols > 2) store<f64>(dst, f64x2.extract_lane(hi, 0), 16);
  if (cols > 3) store<f64>(dst, f64x2.extract_lane(hi, 1), 24);
}

/**
 * C = op(A) op(B); `work` needs 32·p·(⌈m/4⌉ + 1) bytes. With `upper` set
 * (square C), only the blocks meeting the upper triangle are formed.
 */
export function gemm(a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, n: i32, p: i32, m: i32, work: usize, upper: bool): void {
  const panel = <usize>p << 5;
  const ap = work, bps = work + panel;
  const nb = (m + 3) >> 2;
  for (let jb = 0; jb < nb; jb++) packB(b, brs, bcs, bps + <usize>jb * panel, jb << 2, m, p);
  for (let i0 = 0; i0 < n; i0 += 4) {
    packA(a, ars, acs, ap, i0, n, p);
    const rows = min(4, n - i0);
    for (let jb = upper ? i0 >> 2 : 0; jb < nb; jb++) {
      const j0 = jb << 2;
      block(ap, bps + <usize>jb * panel, p, c, m, i0, j0, rows, min(4, m - j0));
    }
  }
  if (upper) {
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) store<f64>(c + (<usize>(i * m + j) << 3), load<f64>(c + (<usize>(j * m + i) << 3)));
  }
}
