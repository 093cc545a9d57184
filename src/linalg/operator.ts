/**
 * The matrix of a linear map given by its action: column k is the image of
 * the k-th coordinate vector. Used to turn Hessian-vector products into full
 * Hessians.
 */
import { type Matrix, zeros } from "./matrix.js";

/**
 * d×d matrix whose k-th column is `image(k)`. With `symmetric`, the result is
 * the exactly symmetric (H + Hᵀ)/2 (a Hessian's matrix is symmetric; rounding
 * in the products is not).
 */
export function operatorMatrix(d: number, image: (k: number) => ArrayLike<number>, symmetric: boolean): Matrix {
  const h = zeros(d, d);
  for (let k = 0; k < d; k++) {
    const col = image(k);
    for (let i = 0; i < d; i++) h.data[i * d + k] = col[i];
  }
  if (symmetric) {
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const v = 0.5 * (h.data[i * d + j] + h.data[j * d + i]);
        h.data[i * d + j] = v;
        h.data[j * d + i] = v;
      }
    }
  }
  return h;
}

/** The k-th coordinate matrix of shape rows×cols (1 at row-major index k). */
export function unitMatrix(rows: number, cols: number, k: number): Matrix {
  const e = zeros(rows, cols);
  e.data[k] = 1;
  return e;
}
