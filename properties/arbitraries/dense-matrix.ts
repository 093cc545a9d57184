/** n×m matrices with entries in [−bound, bound] (shrinking towards 0 entrywise). */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";

export function denseMatrix(n: number, m: number, bound = 2): fc.Arbitrary<Matrix> {
  return fc
    .array(fc.double({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true }), { minLength: n * m, maxLength: n * m })
    .map((xs) => ({ rows: n, cols: m, data: Float64Array.from(xs) }));
}
