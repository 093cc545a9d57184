/**
 * Critical points on M_k (claims C5, C6) and the Riemannian Hessian of L|M_k.
 */
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { checkGradient } from "../src/derivcheck/check-gradient.js";
import { type Matrix, zeros } from "../src/linalg/matrix.js";
import { axpy, inner, scale } from "../src/linalg/ops.js";
import { matmulABt, scaleColumns } from "../src/linalg/products.js";
import { randomNormal, randomStiefel, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { criticalPoints } from "../src/landscape/critical-points.js";
import { fixedRankPoint, retractToRank, riemannianHessian, tangentProject } from "../src/landscape/fixed-rank.js";
import { referenceCases } from "./helpers.js";

describe("critical points on M_k (C5, C6)", () => {
  const target = bwTarget(randomWithSpectrum([4, 2.5, 1.2, 0.5], rng(3)));
  it("PAPER.md §5: the six critical values 1.7 … 6.5 for k = 2, one minimum, zero Riemannian gradients", () => {
    const set = criticalPoints(target, 2);
    expect(set.points.map((p) => p.loss).sort((a, b) => a - b).map((v) => +v.toFixed(12))).toEqual([1.7, 3, 3.7, 4.5, 5.2, 6.5]);
    expect(set.points.filter((p) => p.kind === "minimum").map((p) => p.support)).toEqual([[0, 1]]);
    expect(set.minimum).toBeCloseTo(1.7, 13);
    for (const p of set.points) expect(p.riemannianGradNorm).toBeLessThan(1e-12);
  });
  it("L_τ: values Σ_{i∉J} (√λ_i − √τ)², the minimum at J = {1, 2}", () => {
    const tau = 0.3, set = criticalPoints(target, 2, { tau });
    const lam = [4, 2.5, 1.2, 0.5];
    for (const p of set.points) {
      const expected = lam.reduce((s, l, i) => (p.support.includes(i) ? s : s + (Math.sqrt(l) - Math.sqrt(tau)) ** 2), 0);
      expect(p.loss).toBeCloseTo(expected, 13);
      expect(target.loss(p.W, { tau })).toBeCloseTo(expected, 12);
      expect(p.riemannianGradNorm).toBeLessThan(1e-12);
    }
    expect(set.points.filter((p) => p.kind === "minimum").map((p) => p.support)).toEqual([[0, 1]]);
  });
  it("every saddle's eigenvector is a descent direction along the retraction", () => {
    for (const tau of [0, 0.3]) {
      for (const p of criticalPoints(target, 2, { tau }).points.filter((q) => q.kind === "saddle")) {
        const moved = target.loss(retractToRank(axpy(p.W, 1e-3, p.descentDirection as Matrix), 2), { tau });
        expect(moved).toBeLessThan(p.loss - 1e-8);
      }
    }
  });
  it("reproduces the critical values (τ = 0) and minima (at the case's τ) of the 50-digit reference cases", () => {
    for (const c of referenceCases().filter((x) => x.rank !== undefined)) {
      const t = bwTarget(c.sigma0);
      const scale = t.traceSigma0;
      const values = criticalPoints(t, c.rank as number).points.map((p) => p.loss).sort((a, b) => a - b);
      const expected = c.expect.criticalValues as number[];
      expect(values.length).toBe(expected.length);
      values.forEach((v, i) => expect(Math.abs(v - expected[i]) / scale).toBeLessThan(1e-12));
      const atTau = criticalPoints(t, c.rank as number, { tau: c.tau });
      expect(Math.abs(atTau.minimum - (c.expect.minimum as number)) / scale).toBeLessThan(1e-12);
    }
  });
  it("reports repeated eigenvalues as a continuum", () => {
    const set = criticalPoints(bwTarget(randomWithSpectrum([2, 2, 0.5], rng(4))), 1);
    expect(set.repeated).toBe(true);
    expect(set.notes.join(" ")).toMatch(/continuum/);
  });
});

describe("the Riemannian Hessian of L|M_k", () => {
  // along the second-order retraction R_k, d²/dt² f(R_k(X + tξ)) at 0 is ⟨ξ, Hess f(X)[ξ]⟩ (Absil & Malick 2012)
  for (const tau of [0, 0.2]) {
    it(`agrees with the second derivative along the retraction at random rank-2 points (τ = ${tau})`, () => {
      const r = rng(20 + tau * 10);
      const t = bwTarget(randomWithSpectrum([3, 2, 1], r));
      for (let trial = 0; trial < 5; trial++) {
        const x = matmulABt(scaleColumns(randomStiefel(3, 2, r), [1.5 + r.next(), 0.5 + r.next()]), randomStiefel(4, 2, r));
        const p = fixedRankPoint(x, 2);
        const xi = tangentProject(p, randomNormal(3, 4, r));
        const f = (s: number) => t.loss(retractToRank(axpy(x, s, xi), 2), { tau });
        const h = 1e-3;
        const second = (4 * (f(h / 2) - 2 * f(0) + f(-h / 2)) / (h * h / 4) - (f(h) - 2 * f(0) + f(-h)) / (h * h)) / 3;
        const hess = inner(xi, riemannianHessian(p, t.rankKGrad(x, 2, { tau }), (e) => t.rankKHvp(x, e, 2, { tau }), xi));
        expect(Math.abs(second - hess) / Math.max(Math.abs(hess), 1)).toBeLessThan(1e-5);
      }
    });
  }
});

describe("target.criticalPoints (the public API of DESIGN.md)", () => {
  it("is available from the package entry and agrees with criticalPoints()", async () => {
    const api = await import("../src/index.js");
    const t = api.bwTarget(randomWithSpectrum([3, 2, 1], rng(9)));
    const viaMethod = t.criticalPoints(1, { tau: 0.1 });
    const viaFunction = criticalPoints(t, 1, { tau: 0.1 });
    expect(viaMethod.points.map((p) => [p.support, p.loss, p.kind])).toEqual(viaFunction.points.map((p) => [p.support, p.loss, p.kind]));
    expect(() => t.criticalPoints(1, { tua: 0.1 } as never)).toThrow(/tua: unknown field/);
  });
});

describe("the Riemannian gradient, by the derivative checker along curves on M_k", () => {
  // f(ξ) = L(R_k(X + ξ)) pulls L|M_k back to the tangent space; its gradient at ξ = 0 is grad_R L(X)
  for (const tau of [0, 0.2]) {
    it(`checkGradient passes P_X(∇f̄) and fails it 1 % off (τ = ${tau})`, () => {
      const r = rng(31);
      const t = bwTarget(randomWithSpectrum([3, 2, 1], r));
      const x = matmulABt(scaleColumns(randomStiefel(3, 2, r), [1.7, 0.6]), randomStiefel(4, 2, r));
      const p = fixedRankPoint(x, 2);
      const f = (xi: Matrix) => t.loss(retractToRank(axpy(x, 1, xi), 2), { tau });
      const egrad = t.rankKGrad(x, 2, { tau });
      const project = (v: Matrix) => tangentProject(p, v);
      const ok = checkGradient(f, () => tangentProject(p, egrad), zeros(3, 4), { project, seed: 4 });
      expect(ok.ok, ok.failures.join("; ")).toBe(true);
      // (here ∇f̄ is already tangent: X and R0 U_Y V_Yᵀ share the row space of X, so P_X changes nothing)
      const wrong = checkGradient(f, () => scale(tangentProject(p, egrad), 1.01), zeros(3, 4), { project, seed: 4 });
      expect(wrong.ok).toBe(false);
    });
  }
});
