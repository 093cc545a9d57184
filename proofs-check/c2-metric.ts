/**
 * C2 Metric and convexity (PAPER.md §2, §4).
 *
 * Statement: B ≥ 0, B(Σ, Σ0) = 0 iff Σ = Σ0, B is symmetric and satisfies the
 * triangle inequality (B, not B²); B²(·, Σ0) is convex on PSD matrices; and
 * B(Σ, Σ0) ≥ ‖√λ(Σ) − √λ(Σ0)‖₂ for the sorted spectra.
 * Hypotheses: Σ, Σ0 symmetric PSD.
 *
 * Check: random SPD triples (n ≤ 5, spectra in [0.1, 5]) — positivity,
 * B(Σ, Σ) = 0, symmetry, the triangle inequality, midpoint convexity of B²,
 * a positive semidefinite Daleckii–Krein Hessian along random symmetric
 * directions, and the spectral lower bound — each within round-off
 * (1e-12 relative to tr Σ + tr Σ0).
 */
import { bwTarget } from "../src/bures/target.js";
import { symmetricEigenvalues } from "../src/linalg/eigen.js";
import { type Matrix, toRows } from "../src/linalg/matrix.js";
import { add, inner, scale, trace } from "../src/linalg/ops.js";
import { randomWithSpectrum, type Rng } from "../src/linalg/random.js";
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { overInstances } from "./margin.js";
import { count } from "../src/report/wording.js";

function spd(n: number, r: Rng): Matrix {
  return randomWithSpectrum(Array.from({ length: n }, () => 0.1 + 4.9 * r.next()), r);
}

/** B(Σ1, Σ2) = √B²(Σ1, Σ2), B² ≥ −round-off clipped at 0. */
function b(s1: Matrix, s2: Matrix): number {
  return Math.sqrt(Math.max(bwTarget(s2).bures2(s1), 0));
}

export const c2: Claim = {
  id: "C2",
  file: "proofs-check/c2-metric.ts",
  title: "Metric axioms, convexity, spectral bound",
  statement:
    "B ≥ 0, B(Σ, Σ0) = 0 iff Σ = Σ0, symmetric, triangle inequality (for B, not B²); B²(·, Σ0) convex on PSD matrices; B(Σ, Σ0) ≥ ‖√λ(Σ) − √λ(Σ0)‖₂ (sorted spectra).",
  source: "paper",
  hypotheses: ["Σ, Σ0 symmetric positive semidefinite"],
  method: "numeric: random SPD triples (n ≤ 5); each inequality within 1e-12 relative",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 5, perRun: 0.05 },
  check(ctx) {
    return overInstances(ctx, `the metric axioms, convexity and the spectral bound held on ${count(ctx.runs, "random triple")}`, (r, mt) => {
      const n = 1 + Math.floor(r.next() * 5);
      const [s1, s2, s3] = [spd(n, r), spd(n, r), spd(n, r)];
      const scl = trace(s1) + trace(s2) + trace(s3);
      const show = () => ({ s1: toRows(s1), s2: toRows(s2), s3: toRows(s3) });
      const t2 = bwTarget(s2);
      mt.atLeast("B² ≥ 0", t2.bures2(s1) / scl, "tr Σ1 + tr Σ2 + tr Σ3", 1e-12, show);
      mt.record("B(Σ, Σ) = 0", Math.abs(t2.bures2(s2)) / scl, 1e-12, show);
      mt.holds("B(Σ, Σ0) > 0 for Σ ≠ Σ0", b(s1, s2) > 1e-6 * Math.sqrt(scl), `B = ${b(s1, s2)}`, show);
      mt.record("symmetry", Math.abs(t2.bures2(s1) - bwTarget(s1).bures2(s2)) / scl, 1e-12, show);
      mt.atLeast("triangle inequality", (b(s1, s2) + b(s2, s3) - b(s1, s3)) / Math.sqrt(scl), "√(tr Σ1 + tr Σ2 + tr Σ3)", 1e-12, show);
      const mid = scale(add(s1, s3), 0.5);
      mt.atLeast("midpoint convexity of B²", (0.5 * (t2.bures2(s1) + t2.bures2(s3)) - t2.bures2(mid)) / scl, "tr Σ1 + tr Σ2 + tr Σ3", 1e-12, show);
      const e = randomWithSpectrum(Array.from({ length: n }, () => r.normal()), r);
      const curvature = inner(e, t2.sigmaHvp(s1, e));
      mt.atLeast("D²B²[E, E] ≥ 0", curvature / Math.max(Math.abs(curvature), 1e-300), "|D²B²[E, E]|", 1e-10, show);
      const l1 = symmetricEigenvalues(s1), l2 = symmetricEigenvalues(s2);
      let bound = 0;
      for (let i = 0; i < n; i++) bound += (Math.sqrt(Math.max(l1[i], 0)) - Math.sqrt(Math.max(l2[i], 0))) ** 2;
      mt.atLeast("B ≥ ‖√λ(Σ) − √λ(Σ0)‖", (b(s1, s2) - Math.sqrt(bound)) / Math.sqrt(scl), "√(tr Σ1 + tr Σ2 + tr Σ3)", 1e-12, show);
    });
  },
};
