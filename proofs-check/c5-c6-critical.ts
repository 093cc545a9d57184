/**
 * C5 Critical points on M_k and C6 Minimizers (PAPER.md §4).
 *
 * C5: with distinct positive eigenvalues, W ∈ M_k is critical for L|M_k iff
 * W Wᵀ = Σ_{i∈J} λ_i ω_i ω_iᵀ for some |J| = k, with value Σ_{i∉J} λ_i; for
 * L_τ, W Wᵀ = Σ_{i∈J} (λ_i − τ) ω_i ω_iᵀ with value Σ_{i∉J} (√λ_i − √τ)².
 * C6: the minimum over M_{≤k} is Σ_{i>k} λ_i (L_τ: Σ_{i>k} (√λ_i − √τ)²),
 * attained at J = {1..k}; every other critical point is a strict saddle of
 * L|M_k (a descent direction exists).
 * Hypotheses: distinct positive eigenvalues; 1 ≤ k ≤ min(n, m); 0 < τ < λ_i
 * for i ∈ J.
 *
 * Check: random targets (n ≤ 5, m = n, all k, τ ∈ {0, 0.1}): at every
 * J-point the Riemannian gradient vanishes (1e-10 relative) and the value is
 * the formula's; random rank-k points have a clearly nonzero one; the
 * tangent projection P_X that reads criticality is the orthogonal projector
 * onto T_X M_k at random rank-k points (idempotent, self-adjoint, fixing
 * U A Vᵀ + U_⊥ B Vᵀ + U C V_⊥ᵀ); exactly
 * the class J = {1..k} is classified a minimum by the Riemannian Hessian, and
 * every saddle's eigenvector lowers L along the retraction; 50 random
 * rank-≤k points never beat the minimum. criticalPoints, the loss and the
 * projection throwing on such a valid target is a counterexample (refuted);
 * drawing the target is the claim's machinery (an exception there: error).
 * Exact, where PAPER.md §5 gives a closed form (C5, n = 2, k = 1,
 * Σ0 = diag(λ1, λ2) symbolic): ∇L = 0 solved by radical elimination on exact
 * polynomials (src/symbolic/critical-solve.ts) must give exactly ±√λ_i e_i,
 * and ±√(λ_i − τ) e_i for L_τ, on M_1, with the values Σ_{j≠i} λ_j and
 * Σ_{j≠i} (√λ_j − √τ)² (exact), hence C6's minimizer J = {1} for n = 2.
 */
import { bwTarget } from "../src/bures/target.js";
import { type Matrix, toRows } from "../src/linalg/matrix.js";
import { add, axpy, frobeniusNorm, inner, sub } from "../src/linalg/ops.js";
import { matmul, matmulABt, matmulAtB } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, type Rng, rng } from "../src/linalg/random.js";
import { pointsFigureSpec } from "../src/report/series-figure.js";
import { criticalPoints } from "../src/landscape/critical-points.js";
import { fixedRankPoint, retractToRank, tangentProject } from "../src/landscape/fixed-rank.js";
import { type CheckContext, type Claim, type ClaimResult, MIN_INSTANCES } from "./claim.js";
import { randomSpectrum } from "./instances.js";
import { exactCriticalPoints, exactMinimizer, withExact } from "./exact-n2.js";
import { type MarginTracker, overInstances } from "./margin.js";
import { count } from "../src/report/wording.js";

/** A random matrix of rank k (n×n). */
function rankK(n: number, k: number, r: Rng): Matrix {
  return matmul(randomNormal(n, k, r), randomNormal(k, n, r));
}

/**
 * C5 reads criticality through the tangent projection P_X (fixed-rank.ts), so
 * P_X must be the orthogonal projector onto T_X M_k (Vandereycken 2013, §2):
 * idempotent, self-adjoint, and fixing every tangent vector
 * ξ = U A Vᵀ + U_⊥ B Vᵀ + U C V_⊥ᵀ (U_⊥ B drawn as (I − U Uᵀ) G and V_⊥ Cᵀ
 * as (I − V Vᵀ) G', with A, G, G' Gaussian).
 * U and V come from the point's SVD; P is applied through `project` only.
 */
function checkProjector(project: typeof tangentProject, n: number, k: number, r: Rng, mt: MarginTracker, show: () => unknown): void {
  const p = mt.underTest("fixedRankPoint at a random rank-k point", () => fixedRankPoint(rankK(n, k, r), k), show);
  const P = (z: Matrix) => mt.underTest("tangentProject", () => project(p, z), show);
  const { U, V } = p;
  const perp = (B: Matrix, g: Matrix) => sub(g, matmul(B, matmulAtB(B, g)));
  const xi = add(add(matmulABt(matmul(U, randomNormal(k, k, r)), V), matmulABt(perp(U, randomNormal(n, k, r)), V)), matmulABt(U, perp(V, randomNormal(n, k, r))));
  const z1 = randomNormal(n, n, r), z2 = randomNormal(n, n, r);
  const pz1 = P(z1);
  mt.record("P_X fixes U A Vᵀ + U_⊥ B Vᵀ + U C V_⊥ᵀ", frobeniusNorm(sub(P(xi), xi)) / frobeniusNorm(xi), 1e-12, show);
  mt.record("P_X idempotent: P(P Z) = P Z", frobeniusNorm(sub(P(pz1), pz1)) / frobeniusNorm(z1), 1e-12, show);
  mt.record("P_X self-adjoint: ⟨P Z1, Z2⟩ = ⟨Z1, P Z2⟩", Math.abs(inner(pz1, z2) - inner(z1, P(z2))) / (frobeniusNorm(z1) * frobeniusNorm(z2)), 1e-12, show);
}

function checkLandscape(ctx: CheckContext, which: "C5" | "C6"): ClaimResult {
  const makeTarget = ctx.impl?.target ?? bwTarget;
  const project = ctx.impl?.tangentProject ?? tangentProject;
  return overInstances(ctx, `${which === "C5" ? "critical classes and the tangent projector" : "minimizers and strict saddles"} confirmed on ${count(ctx.runs, "random target")}`, (r, mt) => {
    // the instance (a failure here is the claim's machinery: "error")
    const n = 2 + Math.floor(r.next() * 4);
    const lam = randomSpectrum(n, r);
    const sigma0 = randomWithSpectrum(lam, r);
    const t = makeTarget(sigma0);
    const k = 1 + Math.floor(r.next() * n);
    const tau = r.next() < 0.5 ? 0 : 0.1;
    const show = () => ({ sigma0: toRows(sigma0), k, tau });
    // the library under test on a valid instance: throwing is a counterexample (margin.ts underTest)
    const set = mt.underTest("criticalPoints", () => criticalPoints(t, k, { tau }), show);
    const scale = t.traceSigma0;
    if (which === "C5") {
      for (const p of set.points) {
        mt.record("Riemannian gradient at W_J", p.riemannianGradNorm / scale, 1e-10, show);
        mt.record("L(W_J) = formula", Math.abs(mt.underTest("loss", () => t.loss(p.W, { tau }), show) - p.loss) / scale, 1e-12, show);
      }
      if (k < n) {
        // a random rank-k point is not critical
        const x = rankK(n, k, r);
        const g = mt.underTest("Riemannian gradient", () => project(fixedRankPoint(x, k), t.rankKGrad(x, k, { tau })), show);
        mt.holds("random rank-k point not critical", frobeniusNorm(g) > 1e-6 * scale, `‖grad‖ = ${frobeniusNorm(g)}`, show);
      }
      checkProjector(project, n, k, r, mt, show);
      return;
    }
    const minima = set.points.filter((p) => p.kind === "minimum");
    const expected = set.points.find((p) => p.support.every((i, c) => i === c));
    mt.holds("exactly J = {1..k} is a minimum", minima.length === 1 && minima[0] === expected, `minima at ${JSON.stringify(minima.map((p) => p.support))}`, show);
    const lossAt = (x: Matrix) => mt.underTest("loss on M_k", () => t.loss(retractToRank(x, k), { tau }), show);
    for (const p of set.points.filter((q) => q.kind === "saddle")) {
      const moved = lossAt(axpy(p.W, 1e-3, p.descentDirection as Matrix));
      mt.holds("descent direction at a saddle", moved < p.loss, `L went from ${p.loss} to ${moved}`, show);
    }
    for (let trial = 0; trial < 50; trial++) {
      mt.atLeast("no rank-≤k point below the minimum", (lossAt(randomNormal(n, n, r)) - set.minimum) / scale, "tr Σ0", 1e-12, show);
    }
  });
}

export const c5: Claim = {
  id: "C5",
  file: "proofs-check/c5-c6-critical.ts",
  title: "Critical points on M_k",
  statement:
    "With distinct positive eigenvalues, W ∈ M_k is critical for L|M_k iff W Wᵀ = Σ_{i∈J} λ_i ω_i ω_iᵀ (|J| = k), value Σ_{i∉J} λ_i; for L_τ, Σ_{i∈J} (λ_i − τ) ω_i ω_iᵀ with value Σ_{i∉J} (√λ_i − √τ)².",
  source: "paper",
  hypotheses: ["distinct positive eigenvalues", "1 ≤ k ≤ min(n, m)", "0 < τ < λ_i for i ∈ J"],
  method:
    "numeric: Riemannian gradient at every J-point and at random rank-k points (n ≤ 5, τ ∈ {0, 0.1}); the tangent projection idempotent, self-adjoint and fixing tangent vectors at random rank-k points; exact for n = 2, k = 1: ∇L = 0 and ∇L_τ = 0 solved symbolically (radical elimination on exact polynomials), every solution checked with the numeric core",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 10, perRun: 0.15 },
  check: (ctx) => withExact(checkLandscape(ctx, "C5"), exactCriticalPoints()),
};

export const c6: Claim = {
  id: "C6",
  file: "proofs-check/c5-c6-critical.ts",
  title: "Minimizers and strict saddles",
  statement:
    "Over M_{≤k} the minimum of L is Σ_{i>k} λ_i (L_τ: Σ_{i>k} (√λ_i − √τ)²), attained at J = {1..k}; every other critical point is a strict saddle of L|M_k.",
  source: "paper",
  hypotheses: ["distinct positive eigenvalues", "λ_k > λ_{k+1}"],
  method:
    "numeric: Riemannian Hessian classification, descent along saddles' eigenvectors, 50 random rank-≤k points per target; exact for n = 2, k = 1: the critical values of the exact solution set",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 10, perRun: 0.15 },
  check: (ctx) => withExact(checkLandscape(ctx, "C6"), exactMinimizer()),
  figures(seed) {
    // PAPER.md §5's target: eigenvalues 4, 2.5, 1.2, 0.5 (rotated by the seed), k = 2, L and L_τ (τ = 0.3)
    const t = bwTarget(randomWithSpectrum([4, 2.5, 1.2, 0.5], rng(seed)));
    const points = [0, 0.3].flatMap((tau) =>
      criticalPoints(t, 2, { tau }).points.map((p) => ({
        label: `J = {${p.support.map((i) => i + 1).join(", ")}}`,
        value: p.loss,
        group: p.kind,
        series: tau === 0 ? "L (τ = 0)" : `L_τ (τ = ${tau})`,
      })),
    );
    return [
      {
        name: "c5-c6-critical-values",
        title: "Critical values of L|M_2 and L_τ|M_2 for eigenvalues 4, 2.5, 1.2, 0.5, classified by the Riemannian Hessian",
        spec: pointsFigureSpec({ title: "Critical classes J on M_2 (C5, C6)", subtitle: "one minimum (J = {1, 2}); every other class a strict saddle", points, xTitle: "class J", yTitle: "critical value" }),
      },
    ];
  },
};
