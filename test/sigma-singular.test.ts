/**
 * Σ-space at a singular target Σ0 (rank k < n): B² is differentiable wherever
 * rank(R0 Σ R0) = k (sigma-space.ts, requireDifferentiable), with ∇ = I − T,
 * T = R0 (R0 Σ R0)^{+1/2} R0, and the Daleckii–Krein Hessian over the k
 * nonzero eigenvalues. Before, every singular Σ0 was refused ("Σ and Σ0 must
 * be positive definite"), as W-space no longer does (rank-rule.test.ts,
 * finding 2). References: test/fixtures/sigma-singular.json (mpmath at 60
 * digits from the exact doubles, formulas checked there against 60-digit
 * central differences; scripts/gen-sigma-singular.py).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NotDifferentiableError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import { fromRows, type Matrix } from "../src/linalg/matrix.js";
import { relativeError } from "../src/linalg/ops.js";
import { matmul } from "../src/linalg/products.js";
import { EPS } from "./helpers.js";

type Case = {
  id: string;
  sigma0: number[][];
  Sigma: number[][];
  rankSigma0: number;
  rankM: number;
  differentiable: boolean;
  E?: number[][];
  expect: {
    bures2: number;
    scale?: number;
    grad?: number[][];
    gradUlpSensitivity?: number;
    transportMap?: number[][];
    transportMapUlpSensitivity?: number;
    hvp?: number[][];
    hvpUlpSensitivity?: number;
  };
};
const fixture: { cases: Case[] } = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/sigma-singular.json", import.meta.url)), "utf8"));

/** The rule of test/edges-sigma.test.ts: within 10× the change a one-ulp move of Σ makes (the floor of any double-precision method), plus 16ε. */
function floorOf(sensitivity: number | undefined): number {
  return 10 * (sensitivity as number) + 16 * EPS;
}

describe("Σ-space at a singular Σ0 where rank(R0 Σ R0) = rank Σ0: B² within 1e-14 of tr Σ + tr Σ0, derivatives within the conditioning of the 50-digit references", () => {
  for (const c of fixture.cases.filter((x) => x.differentiable)) {
    it(c.id, () => {
      const t = bwTarget(c.sigma0);
      expect(t.factors.rank).toBe(c.rankSigma0);
      expect(Math.abs(t.bures2(c.Sigma) - c.expect.bures2)).toBeLessThanOrEqual(1e-14 * c.expect.scale!);
      expect(relativeError(t.sigmaGrad(c.Sigma), fromRows(c.expect.grad!))).toBeLessThanOrEqual(floorOf(c.expect.gradUlpSensitivity));
      const T = t.transportMap(c.Sigma);
      expect(relativeError(T, fromRows(c.expect.transportMap!))).toBeLessThanOrEqual(floorOf(c.expect.transportMapUlpSensitivity));
      // T pushes N(0, Σ) to N(0, Σ0): T Σ T = Σ0
      expect(relativeError(matmul(matmul(T, fromRows(c.Sigma)), T), fromRows(c.sigma0))).toBeLessThanOrEqual(floorOf(c.expect.transportMapUlpSensitivity));
      expect(relativeError(t.sigmaHvp(c.Sigma, c.E!), fromRows(c.expect.hvp!))).toBeLessThanOrEqual(floorOf(c.expect.hvpUlpSensitivity));
    });
  }
});

describe("Σ-space at a singular Σ0 where rank(R0 Σ R0) < rank Σ0: the value, and a typed refusal of the derivatives", () => {
  for (const c of fixture.cases.filter((x) => !x.differentiable)) {
    it(c.id, () => {
      const t = bwTarget(c.sigma0);
      expect(Math.abs(t.bures2(c.Sigma) - c.expect.bures2)).toBeLessThanOrEqual(1e-14 * Math.abs(c.expect.bures2));
      const calls: Array<() => Matrix> = [() => t.sigmaGrad(c.Sigma), () => t.transportMap(c.Sigma), () => t.sigmaHvp(c.Sigma, c.Sigma)];
      for (const call of calls) {
        expect(call).toThrow(NotDifferentiableError);
        expect(call).toThrow(`Sigma: B² is not differentiable here: rank(R0 Σ R0) = ${c.rankM} < rank Σ0 = ${c.rankSigma0}`);
      }
    });
  }
});

describe("the gradient at a singular Σ0 is the derivative along symmetric directions (Taylor remainder O(h²))", () => {
  it("Σ0 = B Bᵀ of rank 2 in 3 dimensions: |B²(Σ + hE) − B²(Σ) − h⟨∇, E⟩| falls by ≈ 4 when h halves", () => {
    const c = fixture.cases[0];
    const t = bwTarget(c.sigma0);
    const S = fromRows(c.Sigma), E = fromRows(c.E!), g = t.sigmaGrad(S);
    let dot = 0;
    for (let i = 0; i < g.data.length; i++) dot += g.data[i] * E.data[i];
    const remainder = (h: number) => Math.abs(t.bures2({ ...S, data: S.data.map((x, i) => x + h * E.data[i]) }) - t.bures2(S) - h * dot);
    const ratio = remainder(1e-3) / remainder(5e-4);
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(4.5);
  });
});
