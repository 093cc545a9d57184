/**
 * LAPACK's test measures of a computed eigen-decomposition, shared by the
 * eigen tests: ‖AV − VΛ‖_F / (n ε ‖A‖_F) (the plain norm when A = 0),
 * ‖VᵀV − I‖_F / (n ε), and whether the eigenvalues decrease.
 */
import { symmetricEigen } from "../src/linalg/eigen.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { matmul, matmulAtB } from "../src/linalg/products.js";
import { EPS } from "./helpers.js";

export function eigenMeasures(a: Matrix): { residual: number; orthogonality: number; sorted: boolean } {
  const n = a.rows;
  const { values, vectors } = symmetricEigen(a);
  const av = matmul(a, vectors);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av.data[i * n + j] -= vectors.data[i * n + j] * values[j];
  const vtv = matmulAtB(vectors, vectors);
  for (let i = 0; i < n; i++) vtv.data[i * n + i] -= 1;
  let sorted = true;
  for (let i = 1; i < n; i++) if (values[i] > values[i - 1]) sorted = false;
  const scale = n * EPS * frobeniusNorm(a);
  return { residual: scale === 0 ? frobeniusNorm(av) : frobeniusNorm(av) / scale, orthogonality: frobeniusNorm(vtv) / (n * EPS), sorted };
}
