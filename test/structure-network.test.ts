/**
 * The training loops' objective against the numeric core (found by the
 * mutation corpus, docs/mutants.md): LayerObjective evaluates L_τ^N and its
 * layer gradients ∇_{W_j} = A_jᵀ ∇L_τ(W) B_jᵀ (PAPER.md §3) with its own
 * prefix/suffix products and fast path; it must give exactly what
 * target.layerLoss / target.layerGrads give, at τ = 0 and τ > 0, with and
 * without a bottleneck.
 */
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { LayerObjective } from "../src/network/objective.js";
import { relErr } from "./helpers.js";

describe("LayerObjective agrees with the numeric core", () => {
  const r = rng(1502);
  const target = bwTarget(randomWithSpectrum([2.6, 1.4, 0.9, 0.3], r));
  // near = layers I + 0.2 G (square): W W^T well conditioned, so the fast path serves them
  const cases: { widths: number[]; tau: number; near?: boolean }[] = [
    { widths: [3, 5, 4], tau: 0 },
    { widths: [3, 5, 4], tau: 0.15 },
    { widths: [4, 4, 4, 4], tau: 0.15 },
    { widths: [4, 4, 4], tau: 0, near: true },
    { widths: [4, 4, 4], tau: 0.15, near: true },
    { widths: [4, 2, 4], tau: 0 },
    { widths: [4, 2, 4], tau: 0.15 },
  ];
  for (const { widths, tau, near } of cases) {
    it(`widths [${widths.join(", ")}]${near ? " near the identity" : ""}, τ = ${tau}: loss and every layer gradient`, () => {
      const layers = widths.slice(1).map((d, j) => {
        const g = randomNormal(d, widths[j], r);
        if (near) for (let i = 0; i < d; i++) for (let k = 0; k < widths[j]; k++) g.data[i * widths[j] + k] = (i === k ? 1 : 0) + 0.2 * g.data[i * widths[j] + k];
        return g;
      });
      const obj = new LayerObjective(target, widths, tau);
      const { loss, grads } = obj.evaluate(layers);
      const scale = target.traceSigma0 + layers.reduce((s, l) => s + l.data.reduce((a, x) => a + x * x, 0), 0);
      expect(Math.abs(loss - target.layerLoss(layers, { tau })) / scale).toBeLessThan(1e-13);
      const expected = target.layerGrads(layers, { tau });
      grads.forEach((g, j) => expect(relErr(g, expected[j])).toBeLessThan(1e-11));
    });
  }
});
