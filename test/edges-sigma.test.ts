/**
 * Issue 11, items 2 and 3: Σ-space through the SVD of R0 Σ^{1/2} (never the
 * formed product R0 Σ R0), values in the cancellation-free form, and exactly
 * singular inputs read as singular. References: test/fixtures/edge-accuracy.json
 * (50 digits, scripts/gen-edge-fixtures.py). Before the fix, B²(Σ0, Σ0) was
 * 2e-8 at cond 1e8 and −7.6e-9 at cond 1e12, near-equal pairs were wrong by
 * 1e-9 … 1e-8 absolute, and T was refused ("R0 Σ R0 is singular") at cond 1e8.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { fromRows } from "../src/linalg/matrix.js";
import { relativeError } from "../src/linalg/ops.js";
import { gram } from "../src/linalg/products.js";
import { psdInvSqrt, psdSqrt } from "../src/linalg/psd-functions.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { singularValues } from "../src/linalg/svd.js";
import { EPS } from "./helpers.js";

type Case = {
  id: string;
  kind: string;
  Sigma: number[][];
  sigma0: number[][];
  E?: number[][];
  expect: { bures2: number; scale: number; transportMap?: number[][]; transportMapUlpSensitivity?: number; hvp?: number[][]; hvpUlpSensitivity?: number };
};
const fixture: { sigma: Case[] } = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/edge-accuracy.json", import.meta.url)), "utf8"));

describe("B²(Σ, Σ0) against 50-digit references (cond 1e2 … 1e12, spreads 1e6 and 1e12)", () => {
  for (const c of fixture.sigma) {
    // the targets: 1e-12 of tr Σ + tr Σ0 in general, 1e-14 for equal and near-equal pairs
    const bound = c.kind === "equal" || c.kind === "near-equal" ? 1e-14 : 1e-12;
    it(`${c.id}: ≥ 0 and within ${bound} · (tr Σ + tr Σ0)`, () => {
      const v = bwTarget(c.sigma0).bures2(c.Sigma);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(Math.abs(v - c.expect.bures2)).toBeLessThanOrEqual(bound * c.expect.scale);
    });
  }
});

describe("the transport map T = R0 (R0 Σ R0)^{-1/2} R0 to the conditioning of the problem", () => {
  for (const c of fixture.sigma.filter((x) => x.expect.transportMap)) {
    it(`${c.id}: ‖T − T_ref‖/‖T_ref‖ within 10× its change under a one-ulp change of Σ`, () => {
      const T = bwTarget(c.sigma0).transportMap(c.Sigma);
      const err = relativeError(T, fromRows(c.expect.transportMap as number[][]));
      expect(err).toBeLessThanOrEqual(10 * (c.expect.transportMapUlpSensitivity as number) + 16 * EPS);
    });
  }
});

describe("the Hessian-vector product D²B²(Σ)[E] to the conditioning of the problem", () => {
  for (const c of fixture.sigma.filter((x) => x.expect.hvp)) {
    it(`${c.id}: ‖HVP − HVP_ref‖/‖HVP_ref‖ within 10× its change under a one-ulp change of Σ`, () => {
      const h = bwTarget(c.sigma0).sigmaHvp(c.Sigma, c.E as number[][]);
      const err = relativeError(h, fromRows(c.expect.hvp as number[][]));
      expect(err).toBeLessThanOrEqual(10 * (c.expect.hvpUlpSensitivity as number) + 16 * EPS);
    });
  }
});

describe("B²(Σ, Σ) for cond Σ up to 1e12", () => {
  it("is in [0, 1e-14 · 2 tr Σ] for 20 random Σ (n = 6) per condition number", () => {
    const r = rng(1111);
    for (const cond of [1e4, 1e8, 1e10, 1e12]) {
      for (let k = 0; k < 20; k++) {
        const s = randomWithSpectrum(Float64Array.from({ length: 6 }, (_, i) => cond ** (-i / 5)), r);
        const t = bwTarget(s);
        const v = t.bures2(t.sigma0);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1e-14 * 2 * t.traceSigma0);
      }
    }
  });
});

describe("exactly singular inputs (item 3): eigenvalues ≤ n ε ‖A‖ read as 0", () => {
  it("psdSqrt of scipy#4866's rank-1 matrix is exact: no 1.5e-8 from a 2.2e-16 eigenvalue", () => {
    const a = fromRows([[1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [1, 0, 0, 1]]);
    const root = psdSqrt(a);
    const h = Math.SQRT1_2;
    const exact = [[h, 0, 0, h], [0, 0, 0, 0], [0, 0, 0, 0], [h, 0, 0, h]];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(root.data[i * 4 + j] - exact[i][j])).toBeLessThanOrEqual(4 * EPS);
    expect(singularValues(root)[1]).toBeLessThanOrEqual(4 * EPS);
  });
  it("the threshold n ε ‖A‖ at its edge: diag(1, 1e-17) is singular (2ε ≈ 4.4e-16), diag(1, 1e-14) is not", () => {
    const below = fromRows([[1, 0], [0, 1e-17]]), above = fromRows([[1, 0], [0, 1e-14]]);
    expect(psdSqrt(below).data[3]).toBe(0); // not √1e-17 ≈ 3.2e-9
    expect(psdSqrt(above).data[3]).toBe(Math.sqrt(1e-14));
    expect(() => psdInvSqrt(below)).toThrow(RangeError);
    expect(psdInvSqrt(above).data[3]).toBeCloseTo(1e7, 6);
  });
  it("a PSD target of rank r (Σ0 = G Gᵀ, G n×r) gives an R0 of rank r: the other singular values are rounding, not √ε", () => {
    const r = rng(4242);
    for (const [n, k] of [[4, 1], [6, 3], [8, 5], [10, 2]]) {
      for (let draw = 0; draw < 10; draw++) {
        const t = bwTarget(gram(randomNormal(n, k, r)));
        const sv = singularValues(t.r0);
        expect(t.factors.rank).toBe(k);
        expect(sv[k - 1]).toBeGreaterThan(1e-6 * sv[0]);
        // √(ε ‖Σ0‖) would be ≈ 1.5e-8 ‖R0‖; exact zeros in the spectrum leave only ε-level rounding
        for (let i = k; i < n; i++) expect(sv[i]).toBeLessThanOrEqual(64 * n * EPS * sv[0]);
      }
    }
  });
  it("B²(Σ0, Σ0) = 0 to rounding for a rank-deficient Σ0, and the range term is kept for Σ ≠ Σ0", () => {
    const t = bwTarget([[4, 2, 0], [2, 1, 0], [0, 0, 0]]); // rank 1: [2, 1, 0]ᵀ[2, 1, 0]
    expect(t.bures2(t.sigma0)).toBeGreaterThanOrEqual(0);
    expect(t.bures2(t.sigma0)).toBeLessThanOrEqual(1e-28);
    // Σ = I: B² = tr I + tr Σ0 − 2 tr (R0 R0)^{1/2} = 3 + 5 − 2 √5
    expect(t.bures2([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).toBeCloseTo(8 - 2 * Math.sqrt(5), 14);
  });
});
