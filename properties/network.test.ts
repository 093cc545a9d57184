/**
 * Properties for claims C8 (balancedness conserved by gradient flow) and C10
 * (deficiency margin along the flow), with the network module.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { endToEnd } from "../src/bures/layers.js";
import { bwTarget } from "../src/bures/target.js";
import { frobeniusNorm, sub } from "../src/linalg/ops.js";
import { rng } from "../src/linalg/random.js";
import { svd } from "../src/linalg/svd.js";
import { balanceDefects } from "../src/network/balance.js";
import { theoryConstants } from "../src/network/constants.js";
import { balancedClose } from "../src/network/init.js";
import { gradientFlow } from "../src/network/train.js";
import { denseMatrix, propertyParams, spdTarget } from "./index.js";

test.prop([spdTarget(3), denseMatrix(2, 3, 1), denseMatrix(3, 2, 1)], propertyParams(8))(
  "C8: gradient flow keeps every W_{j+1}ᵀW_{j+1} − W_jW_jᵀ constant (from unbalanced starts)",
  (t, w1, w2) => {
    const before = balanceDefects([w1, w2]);
    const res = gradientFlow(bwTarget(t.sigma0), [w1, w2], { tau: 0.1, time: 1 });
    const after = balanceDefects(res.layers);
    expect(frobeniusNorm(sub(after[0], before[0]))).toBeLessThan(1e-8);
  },
);

test.prop([spdTarget(3), fc.integer({ min: 0, max: 1e6 })], propertyParams(8))(
  "C10: from balanced starts close to the target, the loss never rises and √(σ_r² + τ) ≥ c along the flow",
  (t, seed) => {
    const target = bwTarget(t.sigma0);
    const tau = 0.1;
    const layers = balancedClose(target.sigma0, [3, 3, 3], tau, rng(seed), 0.05);
    const k = theoryConstants({ eigenvalues: target.eigenvalues, N: 2, r: 3, tau, loss0: target.layerLoss(layers, { tau }) });
    fc.pre(k.c !== null);
    let worst = Infinity;
    const res = gradientFlow(target, layers, {
      tau,
      time: 3,
      observe: (_t, ls) => {
        worst = Math.min(worst, Math.sqrt(svd(endToEnd(ls)).s[2] ** 2 + tau) - (k.c as number));
      },
    });
    expect(res.increases).toBe(0);
    expect(worst).toBeGreaterThanOrEqual(0);
  },
);
