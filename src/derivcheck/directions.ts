/**
 * Random test directions and the Taylor grid shared by the two checks.
 */
import { asMatrix, type Matrix, type MatrixLike } from "../linalg/matrix.js";
import { frobeniusNorm, scale } from "../linalg/ops.js";
import { randomNormal, type Rng } from "../linalg/random.js";

/** t = 10^0 … 10^{-8} in quarter decades: 33 points, Manopt's range. */
export const TAYLOR_GRID: readonly number[] = Array.from({ length: 33 }, (_, k) => 10 ** (-k / 4));

/** A random direction of x's shape (projected when asked), of norm max(‖x‖, 1): t then measures steps relative to x. */
export function randomDirection(x: Matrix, r: Rng, project?: (v: Matrix) => MatrixLike): Matrix {
  let v = randomNormal(x.rows, x.cols, r);
  if (project) {
    v = asMatrix(project(v));
    if (v.rows !== x.rows || v.cols !== x.cols || v.data.length !== x.data.length) throw new RangeError(`derivcheck: project(v) is ${v.rows}×${v.cols}, x is ${x.rows}×${x.cols}`);
  }
  const norm = frobeniusNorm(v);
  if (norm === 0) throw new RangeError("derivcheck: the projected random direction is zero");
  return scale(v, Math.max(frobeniusNorm(x), 1) / norm);
}

/** Calls f, turning a throw or a non-finite value into NaN (a point outside f's domain is no data, not a failure). */
export function tryEval(f: () => number): number {
  try {
    const y = f();
    return Number.isFinite(y) ? y : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
