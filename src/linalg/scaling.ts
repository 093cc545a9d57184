/**
 * Scaling a matrix into range before a decomposition (the SVD's Jacobi
 * sweeps, linalg/svd.ts; the polar factor to first order, linalg/polar.ts):
 * squared norms of entries near 1e±160 would under- or overflow.
 */
import type { Matrix } from "./matrix.js";

/** max |x_ij| as the scaling factor (1 for a zero matrix), refusing non-finite entries. */
export function scaleOf(x: Matrix): number {
  let big = 0;
  for (let i = 0; i < x.data.length; i++) big = Math.max(big, Math.abs(x.data[i]));
  if (!Number.isFinite(big)) throw new RangeError("svd: matrix has non-finite entries");
  return big === 0 ? 1 : big;
}

/** The power of two 2^e ≥ big (big > 0 finite; e within [−1022, 1023]): scaling by it is exact, and a multiplication by 1/2^e. */
export function powerOfTwoAtLeast(big: number): number {
  return 2 ** Math.max(-1022, Math.min(1023, Math.ceil(Math.log2(big))));
}
