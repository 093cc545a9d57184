/**
 * ml-matrix and mathjs matrices in and out (src/linalg/interop.ts), through
 * the public API; and ml-matrix as an independent oracle for our symmetric
 * eigen-decomposition and SVD (its EVD/SVD are JAMA's Householder + QL and
 * Golub–Kahan: other algorithms, other code).
 */
import { describe, expect, it } from "vitest";
import { EVD, Matrix as MlMatrix, SVD, SymmetricMatrix } from "ml-matrix";
import { bignumber, matrix as mathjsMatrix, sparse } from "mathjs";
import {
  BwInputError,
  asMatrix,
  balancedClose,
  bwTarget,
  checkGradient,
  endToEnd,
  fromMlMatrix,
  fromRows,
  gradientDescent,
  matmul,
  psdSqrt,
  rng,
  symmetricEigen,
  singularValues,
  svd,
  toMlMatrix,
  toRows,
  type Matrix,
} from "../src/index.js";
import { randomWithSpectrum, randomNormal } from "../src/linalg/random.js";
import { EPS } from "./helpers.js";

const SIGMA0 = [[4, 1, 0.5], [1, 2, 0.3], [0.5, 0.3, 1.5]];
const W = [[1, 0.2], [0.3, 0.9], [-0.4, 0.1]];

describe("ml-matrix and mathjs matrices are accepted wherever a matrix is", () => {
  const target = bwTarget(SIGMA0);
  const expected = { loss: target.loss(W, { tau: 0.1 }), grad: toRows(target.grad(W, { tau: 0.1 })) };

  it("bwTarget and every Target method read ml-matrix matrices to the same bits", () => {
    const t = bwTarget(new MlMatrix(SIGMA0));
    expect(t.loss(new MlMatrix(W), { tau: 0.1 })).toBe(expected.loss);
    expect(toRows(t.grad(new MlMatrix(W), { tau: 0.1 }))).toEqual(expected.grad);
    expect(t.bures2(new SymmetricMatrix([[2, 0.1, 0], [0.1, 1, 0], [0, 0, 3]]))).toBe(target.bures2([[2, 0.1, 0], [0.1, 1, 0], [0, 0, 3]]));
    // a transposed view is an AbstractMatrix too: read through get(i, j)
    expect(t.loss(new MlMatrix(W).transpose().transpose(), { tau: 0.1 })).toBe(expected.loss);
    const layers = [new MlMatrix([[1, 0.5]]), new MlMatrix([[0.7], [0.2], [0.1]])];
    expect(t.layerLoss(layers, { tau: 0.05 })).toBe(target.layerLoss([[[1, 0.5]], [[0.7], [0.2], [0.1]]], { tau: 0.05 }));
  });

  it("mathjs dense and sparse matrices give the same bits", () => {
    const t = bwTarget(mathjsMatrix(SIGMA0));
    expect(t.loss(mathjsMatrix(W), { tau: 0.1 })).toBe(expected.loss);
    expect(toRows(t.hvp(sparse(W), mathjsMatrix([[1, 0], [0, 1], [0, 0]]), { tau: 0.1 })))
      .toEqual(toRows(target.hvp(W, [[1, 0], [0, 1], [0, 0]], { tau: 0.1 })));
  });

  it("a mathjs matrix of BigNumbers is refused with the field named", () => {
    const t = bwTarget(SIGMA0);
    expect(() => t.loss(mathjsMatrix([[bignumber(1), bignumber(0)], [0, 1], [0, 0]]) as never)).toThrow(BwInputError);
    expect(() => t.loss(mathjsMatrix([[bignumber(1), bignumber(0)], [0, 1], [0, 0]]) as never)).toThrow(/^W: entry \(0, 0\) is \{"mathjs":"BigNumber","value":"1"\}, not a number$/);
  });

  it("linear algebra, networks and checkGradient take them too", () => {
    const a = [[2, 0.5], [0.5, 1]];
    expect(symmetricEigen(new MlMatrix(a)).values).toEqual(symmetricEigen(a).values);
    expect(toRows(psdSqrt(mathjsMatrix(a)))).toEqual(toRows(psdSqrt(fromRows(a))));
    expect(toRows(matmul(new MlMatrix(a), mathjsMatrix(a)))).toEqual(toRows(matmul(fromRows(a), fromRows(a))));
    expect(toRows(endToEnd([new MlMatrix([[1, 2]]), [[3], [4]]]))).toEqual([[3, 6], [4, 8]]);

    const start = balancedClose(new MlMatrix(SIGMA0), [3, 3, 3], 0.1, rng(2));
    const fromMl = gradientDescent(target, start.map(toMlMatrix), { tau: 0.1, lr: 0.05, steps: 50 });
    const plain = gradientDescent(target, start, { tau: 0.1, lr: 0.05, steps: 50 });
    expect(fromMl.loss).toBe(plain.loss);

    const f = (x: Matrix) => target.loss(x, { tau: 0.1 });
    const res = checkGradient(f, (x) => toMlMatrix(target.grad(x, { tau: 0.1 })), new MlMatrix(W));
    expect(res.ok).toBe(true);
    const wrong = checkGradient(f, (x) => new MlMatrix(toRows(target.grad(x, { tau: 0.1 }))).mul(1.001), new MlMatrix(W));
    expect(wrong.ok).toBe(false);
  });

  it("anything else is refused", () => {
    expect(() => asMatrix({ rows: 2, columns: 2 } as never)).toThrow(/not a matrix/);
    expect(() => bwTarget({ rows: 2, cols: 2 } as never)).toThrow(/^sigma0: must be a matrix/);
  });
});

describe("toMlMatrix / fromMlMatrix", () => {
  it("round-trip exactly, row-major, for non-square shapes", () => {
    const m = randomNormal(3, 5, rng(4));
    const ml = toMlMatrix(m);
    expect(ml).toBeInstanceOf(MlMatrix);
    expect([ml.rows, ml.columns]).toEqual([3, 5]);
    expect(ml.get(1, 4)).toBe(m.data[1 * 5 + 4]);
    expect(ml.to2DArray()).toEqual(toRows(m));
    const back = fromMlMatrix(ml);
    expect([back.rows, back.cols]).toEqual([3, 5]);
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
    expect(toMlMatrix([[1, 2], [3, 4]]).to2DArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("share no storage", () => {
    const m = fromRows([[1, 2], [3, 4]]);
    const ml = toMlMatrix(m);
    ml.set(0, 0, 9);
    expect(m.data[0]).toBe(1);
    const back = fromMlMatrix(ml);
    ml.set(0, 1, 9);
    expect(back.data[1]).toBe(2);
  });
});

// ml-matrix as an oracle: both decompositions are backward stable, so
// eigenvalues and singular values agree to c·n·ε·‖A‖ (absolute: JAMA's QL and
// Golub–Kahan give no relative accuracy for tiny ones); eigenvectors of
// well-separated eigenvalues agree up to sign to c·n·ε·‖A‖ / gap.
function spectrumFamilies(n: number): [string, Float64Array][] {
  const r = rng(100 + n);
  return [
    ["random", Float64Array.from({ length: n }, () => r.normal() * 3)],
    ["graded 1 … 1e-12", Float64Array.from({ length: n }, (_, i) => 10 ** ((-12 * i) / (n - 1)))],
    ["clustered at 1e-10", Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 1e-10 : 1 + i / n))],
  ];
}

describe("ml-matrix's EVD and SVD agree with ours", () => {
  for (const n of [3, 8, 25, 60]) {
    for (const [name, spectrum] of spectrumFamilies(n)) {
      it(`symmetric eigen-decomposition, ${name}, n = ${n}`, () => {
        const a = randomWithSpectrum(spectrum, rng(7 * n));
        const ours = symmetricEigen(a);
        const evd = new EVD(toMlMatrix(a), { assumeSymmetric: true });
        const theirs = evd.realEigenvalues.map((v, i) => ({ v, i })).sort((x, y) => y.v - x.v);
        const norm = Math.max(...spectrum.map(Math.abs));
        const tol = 10 * n * EPS * norm;
        for (let k = 0; k < n; k++) expect(Math.abs(ours.values[k] - theirs[k].v)).toBeLessThanOrEqual(tol);
        // the oracle would notice a wrong answer: the true spectrum is known
        const sorted = Array.from(spectrum).sort((x, y) => y - x);
        for (let k = 0; k < n; k++) expect(Math.abs(ours.values[k] - sorted[k])).toBeLessThanOrEqual(tol);
        if (name !== "random") return; // clusters have no unique eigenvectors
        const vectors = evd.eigenvectorMatrix;
        for (let k = 0; k < n; k++) {
          const gap = Math.min(k > 0 ? sorted[k - 1] - sorted[k] : Infinity, k < n - 1 ? sorted[k] - sorted[k + 1] : Infinity);
          let dot = 0;
          for (let i = 0; i < n; i++) dot += ours.vectors.data[i * n + k] * vectors.get(i, theirs[k].i);
          expect(1 - Math.abs(dot)).toBeLessThanOrEqual((100 * n * EPS * norm) / gap);
        }
      });

      it(`SVD, ${name}, ${n}×${n + 3}`, () => {
        const a = matmul(randomWithSpectrum(spectrum.map(Math.abs), rng(11 * n)), randomNormal(n, n + 3, rng(n)));
        const ours = singularValues(a);
        const theirs = new SVD(toMlMatrix(a), { autoTranspose: true }).diagonal;
        const tol = 10 * (n + 3) * EPS * ours[0];
        for (let k = 0; k < n; k++) expect(Math.abs(ours[k] - theirs[k])).toBeLessThanOrEqual(tol);
        const { U, s, V } = svd(toMlMatrix(a));
        expect(Array.from(s)).toEqual(Array.from(ours));
        expect([U.rows, U.cols, V.rows, V.cols]).toEqual([n, n, n + 3, n]);
      });
    }
  }
});
