/**
 * C1 Identities (PAPER.md §2, §4).
 *
 * Statement: B²(WWᵀ, Σ0) = ‖W‖² + tr Σ0 − 2‖R0 W‖_*; B² equals the Procrustes
 * minimum min_U ‖Σ^{1/2} − Σ0^{1/2} U‖² over orthogonal U; and
 * B²(Σ + τI, Σ0) → B²(Σ, Σ0) as τ → 0.
 * Hypotheses: Σ0 symmetric PSD, W any real n×m matrix.
 *
 * Check: on random instances, (1) the nuclear-norm form of L(W) against
 * B²(WWᵀ) computed in Σ-space from the eigenvalues of R0 WWᵀ R0; (2) the
 * Procrustes objective at its maximiser U* = polar(R0 Σ^{1/2}) against B²
 * (nuclear form), and at 20 random orthogonal U (never below B²); (3) |L_τ − L| decreasing to below
 * 1e-3 relative as τ = 1e-2 … 1e-8.
 */
import { bwTarget } from "../src/bures/target.js";
import { toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, sub } from "../src/linalg/ops.js";
import { gram, matmul, matmulABt, scaleColumns } from "../src/linalg/products.js";
import { randomOrthogonal } from "../src/linalg/random.js";
import { svd } from "../src/linalg/svd.js";
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { randomInstance } from "./instances.js";
import { overInstances } from "./margin.js";
import { count } from "../src/report/wording.js";

export const c1: Claim = {
  id: "C1",
  file: "proofs-check/c1-identities.ts",
  title: "Identities of the BW loss",
  statement:
    "B²(WWᵀ, Σ0) = ‖W‖² + tr Σ0 − 2‖R0 W‖_*; B² equals the Procrustes minimum min over orthogonal U of ‖Σ^{1/2} − Σ0^{1/2} U‖²; B²(Σ+τI, Σ0) → B²(Σ, Σ0) as τ → 0.",
  source: "paper",
  hypotheses: ["Σ0 symmetric positive semidefinite", "W any real n×m matrix"],
  method: "numeric, random instances (n, m ≤ 5): nuclear form vs Σ-space eigenvalues; Procrustes at the polar maximiser and at random U; τ → 0 sequence",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 5, perRun: 0.05 },
  check(ctx) {
    return overInstances(ctx, `all three identities held on ${count(ctx.runs, "random instance")}`, (r, mt) => {
      const inst = randomInstance(r);
      const t = bwTarget(inst.sigma0);
      const sigma = gram(inst.W);
      const scale = t.traceSigma0 + frobeniusNorm(inst.W) ** 2;
      const show = () => ({ sigma0: toRows(inst.sigma0), W: toRows(inst.W) });
      const nuclear = t.loss(inst.W);
      const b2 = t.bures2(sigma);
      // B²(·, Σ0) is only Hölder-1/2 at singular Σ: the rounding of Σ = WWᵀ alone
      // moves the eigenvalues μ of R0 Σ R0 by ≈ nε‖M‖, hence tr M^{1/2} by up to
      // n √(nε‖M‖). The tolerance is that conditioning bound, never below 1e-10.
      const mNorm = Math.max(...t.eigenvalues) * frobeniusNorm(inst.W) ** 2;
      const conditioning = (2 * inst.n * Math.sqrt(inst.n * 2 ** -52 * mNorm)) / scale;
      mt.record("nuclear form = B²(WWᵀ)", Math.abs(nuclear - b2) / scale, Math.max(1e-10, conditioning), show);
      // Procrustes: ‖S − R0 U‖² is least at U* = polar(R0 S) (maximises ⟨R0 S, U⟩).
      // S = Σ^{1/2} = U_W diag(σ(W)) U_Wᵀ from the SVD of W: the eigenvalues of a
      // singular Gram matrix would carry √ε errors into S.
      const w = svd(inst.W);
      const S = matmulABt(scaleColumns(w.U, w.s), w.U);
      const p = svd(matmul(t.r0, S));
      const uStar = matmulABt(p.U, p.V);
      const procrustes = (u: typeof uStar) => frobeniusNorm(sub(S, matmul(t.r0, u))) ** 2;
      mt.record("Procrustes minimum = B²", Math.abs(procrustes(uStar) - nuclear) / scale, 1e-10, show);
      for (let k = 0; k < 20; k++) {
        const gap = nuclear - procrustes(randomOrthogonal(inst.n, r));
        mt.atLeast("Procrustes at random U ≥ B²", -gap / scale, "tr Σ0 + ‖W‖²", 1e-12, show);
      }
      let previous = Infinity;
      for (const tau of [1e-2, 1e-4, 1e-6, 1e-8]) {
        const d = Math.abs(t.loss(inst.W, { tau }) - nuclear) / scale;
        if (previous < Infinity) mt.atLeast("|L_τ − L| decreasing in τ", previous - d, "tr Σ0 + ‖W‖²", 1e-12, show);
        previous = d;
      }
      mt.record("|L_τ − L| at τ = 1e-8", previous, 1e-3, show);
    });
  },
};
