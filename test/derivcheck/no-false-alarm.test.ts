/**
 * No false alarms: at 1,000 random points (fast-check), the correct
 * gradients and Hessians of the BW losses pass both checks — W-space L and
 * L_τ with tall, wide and square W, Σ-space B², and two-layer networks.
 * Hypothesis for τ = 0: L differentiable with σ_min(R0 W) ≥ 0.05 (the
 * near-low-rank level the checker is specified for); τ < λ_min.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { asRow, flattenLayers, splitLayers } from "../../src/bures/layers.js";
import { bwTarget } from "../../src/bures/target.js";
import { checkGradient } from "../../src/derivcheck/check-gradient.js";
import { checkHessian } from "../../src/derivcheck/check-hessian.js";
import type { CheckOptions } from "../../src/derivcheck/types.js";
import { type Matrix, toRows } from "../../src/linalg/matrix.js";
import { frobeniusNorm, symmetrize } from "../../src/linalg/ops.js";
import { gram, matmul } from "../../src/linalg/products.js";
import { svd } from "../../src/linalg/svd.js";
import { denseMatrix } from "../../properties/arbitraries/dense-matrix.js";
import { spdTarget } from "../../properties/arbitraries/spd-target.js";
import { propertyParams } from "../../properties/runs.js";

type Case = { f: (x: Matrix) => number; grad: (x: Matrix) => Matrix; hvp: (x: Matrix, v: Matrix) => Matrix; x: Matrix; options?: CheckOptions };

const shape = fc.record({ n: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 4 }) });
const point = shape.chain(({ n, m, h }) =>
  fc.record({
    target: spdTarget(n),
    W: denseMatrix(n, m),
    W1: denseMatrix(h, m),
    W2: denseMatrix(n, h),
    // τ stays below the smallest eigenvalue (0.5): at λ_min = τ exactly, L_τ is flat to fourth order
    // at W = 0, where no Taylor-slope test can see its asymptotics in double precision (see README)
    tau: fc.constantFrom(0, 0.05, 0.1, 0.3),
    space: fc.constantFrom("W" as const, "W" as const, "Sigma" as const, "layers" as const),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
);

function caseOf(p: fc.Arbitrary<unknown> extends never ? never : any): Case | null {
  const t = bwTarget(p.target.sigma0);
  const tau: number = p.tau;
  const magnitude = (x: Matrix) => 2 * (frobeniusNorm(x) ** 2 + t.traceSigma0 + t.n * tau);
  if (p.space === "W") {
    if (tau === 0) {
      const s = svd(matmul(t.r0, p.W)).s;
      if (s[s.length - 1] < 0.05) return null; // outside the hypothesis
    }
    return {
      f: (w) => t.loss(w, { tau }),
      grad: (w) => t.grad(w, { tau }),
      hvp: (w, v) => t.hvp(w, v, { tau }),
      x: p.W,
      options: { seed: p.seed, magnitude: magnitude(p.W) },
    };
  }
  if (p.space === "Sigma") {
    const sigma = gram(p.W);
    for (let i = 0; i < sigma.rows; i++) sigma.data[i * sigma.cols + i] += 0.1 + tau;
    return {
      f: (s) => t.bures2(symmetrize(s)),
      grad: (s) => t.sigmaGrad(symmetrize(s)),
      hvp: (s, v) => t.sigmaHvp(symmetrize(s), v),
      x: sigma,
      options: { seed: p.seed, project: symmetrize },
    };
  }
  // two layers, L_τ^N with τ > 0 (at τ = 0 the bottleneck case needs rank(W) = r, a measure-zero question for random entries)
  const lt = tau === 0 ? 0.1 : tau;
  const like = [p.W1, p.W2];
  const split = (x: Matrix): Matrix[] => splitLayers(x.data, like);
  const flat = (ms: Matrix[]): Matrix => asRow(flattenLayers(ms));
  return {
    f: (x) => t.layerLoss(split(x), { tau: lt }),
    grad: (x) => flat(t.layerGrads(split(x), { tau: lt })),
    hvp: (x, v) => flat(t.layerHvp(split(x), split(v), { tau: lt })),
    x: flat([p.W1, p.W2]),
    options: { seed: p.seed },
  };
}

test.prop([point], propertyParams(1000))("correct gradients and Hessians pass at random points", (p) => {
  const c = caseOf(p);
  fc.pre(c !== null);
  const { f, grad, hvp, x, options } = c as Case;
  const g = checkGradient(f, grad, x, options);
  const where = `${p.space}, τ = ${p.tau}, x = ${JSON.stringify(toRows(x))}`;
  expect(g.ok, `gradient false alarm at ${where}: ${g.failures.join("; ")}`).toBe(true);
  const h = checkHessian(f, grad, hvp, x, options);
  expect(h.ok, `Hessian false alarm at ${where}: ${h.failures.join("; ")}`).toBe(true);
});
