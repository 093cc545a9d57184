/**
 * The 50-digit reference cases of test/fixtures/bw-cases.json (a copy of
 * ../shared/reference/bw-cases.json): loss and gradients to 1e-12 relative
 * (the loss relative to tr Σ0 + ‖W‖²), Hessians to 1e-9, layer gradients to
 * 1e-12 — through the public API and through each evaluation path.
 */
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { factorTarget } from "../src/bures/factors.js";
import { lossGradEigen, lossGradSvd } from "../src/bures/w-space.js";
import { fromRows, toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { referenceCases, relErr } from "./helpers.js";

const cases = referenceCases();

describe("reference cases (50-digit mpmath)", () => {
  it("has the cases the fixture promises", () => {
    expect(cases.filter((c) => c.W).length).toBeGreaterThanOrEqual(11);
    expect(cases.filter((c) => c.layers).length).toBeGreaterThanOrEqual(3);
  });

  cases.forEach((c, k) => {
    if (c.W) {
      const W = c.W;
      const label = `case ${k}: Σ0 ${c.sigma0.length}×${c.sigma0.length}, W ${W.length}×${W[0].length}, τ = ${c.tau}`;
      it(`${label}: loss, gradient, Hessian`, () => {
        const t = bwTarget(c.sigma0);
        const scale = t.traceSigma0 + frobeniusNorm(fromRows(W)) ** 2;
        expect(Math.abs(t.loss(W, { tau: c.tau }) - c.expect.loss) / scale).toBeLessThanOrEqual(1e-12);
        expect(relErr(t.grad(W, { tau: c.tau }), c.expect.grad as number[][])).toBeLessThanOrEqual(1e-12);
        expect(relErr(t.hessian(W, { tau: c.tau }), c.expect.hessian as number[][])).toBeLessThanOrEqual(1e-9);
      });
      it(`${label}: the SVD path and (where it applies) the eigen path agree with the reference`, () => {
        const f = factorTarget(c.sigma0);
        const w = fromRows(W);
        const scale = f.traceSigma0 + frobeniusNorm(w) ** 2;
        const viaSvd = lossGradSvd(f, w, c.tau, true);
        expect(Math.abs(viaSvd.loss - c.expect.loss) / scale).toBeLessThanOrEqual(1e-12);
        expect(relErr(viaSvd.grad!, c.expect.grad as number[][])).toBeLessThanOrEqual(1e-12);
        const viaEigen = lossGradEigen(f, w, c.tau);
        if (viaEigen) {
          expect(Math.abs(viaEigen.loss - c.expect.loss) / scale).toBeLessThanOrEqual(1e-12);
          expect(relErr(viaEigen.grad!, c.expect.grad as number[][])).toBeLessThanOrEqual(1e-12);
        }
      });
    } else {
      const layers = c.layers as number[][][];
      it(`case ${k}: ${layers.length} layers, τ = ${c.tau}: loss and layer gradients`, () => {
        const t = bwTarget(c.sigma0);
        expect(Math.abs(t.layerLoss(layers, { tau: c.tau }) - c.expect.loss) / (t.traceSigma0 + Math.abs(c.expect.loss))).toBeLessThanOrEqual(1e-12);
        const grads = t.layerGrads(layers, { tau: c.tau });
        grads.forEach((g, j) => expect(relErr(toRows(g), (c.expect.layerGrads as number[][][])[j])).toBeLessThanOrEqual(1e-12));
      });
    }
  });

  it("the eigen path is actually exercised by the reference cases", () => {
    const used = cases.filter((c) => c.W).map((c) => bwTarget(c.sigma0).lossAndGrad(c.W as number[][], { tau: c.tau }).path);
    expect(used).toContain("eigen");
    expect(used).toContain("svd");
  });
});
