/**
 * Subnormal couplings in the symmetric eigensolver. A coupling e below the
 * negligible level next to a zero diagonal entry used to pass the local QL
 * deflation test, and the shift (d_{l+1} − d_l) / (2e) overflowed: NaN
 * eigenvalues, and B² = NaN for a W with a subnormal entry (found by the
 * C1 property B²(W Wᵀ, Σ0) = L(W) while building the mutation corpus).
 */
import { describe, expect, it } from "vitest";
import { bwTarget, fromRows, gram, matmul, symmetricEigen, toRows, transpose } from "../src/index.js";

const EPS = 2 ** -52;

function residual(a: number[][]): { values: Float64Array; res: number; orth: number } {
  const A = fromRows(a);
  const { values, vectors } = symmetricEigen(A);
  const n = a.length;
  const av = matmul(A, vectors);
  let res = 0, orth = 0, norm = 0;
  for (const row of a) for (const x of row) norm = Math.max(norm, Math.abs(x));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    res = Math.max(res, Math.abs(av.data[i * n + j] - vectors.data[i * n + j] * values[j]));
  }
  const vtv = toRows(matmul(transpose(vectors), vectors));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) orth = Math.max(orth, Math.abs(vtv[i][j] - (i === j ? 1 : 0)));
  return { values, res: res / (norm || 1), orth };
}

describe("symmetricEigen with subnormal off-diagonal entries", () => {
  const cases: [string, number[][], number[]][] = [
    ["[[0, e], [e, 1/4]], e = 5e-324", [[0, -5e-324], [-5e-324, 0.25]], [0.25, 0]],
    ["[[0, e], [e, 1]], e = 1e-320", [[0, 1e-320], [1e-320, 1]], [1, 0]],
    ["3×3 with a zero row", [[0, -5e-324, 0], [-5e-324, 0.25, 0], [0, 0, 0]], [0.25, 0, 0]],
    ["[[0, e], [e, 1]], e = 1e-295 (just below the negligible level)", [[0, 1e-295], [1e-295, 1]], [1, 0]],
    ["[[0, e], [e, 1]], e = 1e-285 (just above it)", [[0, 1e-285], [1e-285, 1]], [1, 0]],
  ];
  for (const [name, a, expected] of cases) {
    it(`${name}: finite eigenvalues, LAPACK's residual standard`, () => {
      const { values, res, orth } = residual(a);
      expect(Array.from(values)).toEqual(expected);
      expect(res).toBeLessThanOrEqual(10 * a.length * EPS);
      expect(orth).toBeLessThanOrEqual(10 * a.length * EPS);
    });
  }

  it("B²(W Wᵀ, Σ0) = L(W) for a W with a subnormal entry (the C1 identity)", () => {
    const t = bwTarget([[0.5, 1e-17, 0], [1e-17, 0.5, -2e-17], [0, -2e-17, 0.5]]);
    const W = fromRows([[-5e-324], [0.5000000000000001], [0]]);
    const viaSigma = t.bures2(gram(W));
    const viaW = t.loss(W);
    expect(Number.isFinite(viaSigma)).toBe(true);
    expect(Math.abs(viaSigma - viaW)).toBeLessThanOrEqual(1e-15 * 1.5);
  });
});
