/**
 * The four spaces in which PAPER.md §3 states derivatives (C3, C4), as
 * (f, ∇f, D²f[·]) triples at a point of a random instance:
 * W-space L (τ = 0), W-space L_τ, Σ-space B²(·, Σ0), and parameter space L^N.
 */
import { bwTarget, type Target } from "../src/bures/target.js";
import { asRow, endToEnd, flattenLayers, splitLayers } from "../src/bures/layers.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { frobeniusNorm, symmetrize, trace } from "../src/linalg/ops.js";
import { gram } from "../src/linalg/products.js";
import { randomNormal, type Rng } from "../src/linalg/random.js";
import type { Instance } from "./instances.js";

export type Space = {
  name: string;
  x: Matrix;
  f: (x: Matrix) => number;
  grad: (x: Matrix) => Matrix;
  hvp: (x: Matrix, v: Matrix) => Matrix;
  /** size of the terms that cancel in f (its round-off is ε times this, not ε|f|) */
  magnitude: (x: Matrix) => number;
  /** the allowed directions (symmetric ones in Σ-space) */
  project?: (v: Matrix) => Matrix;
};

/** `makeTarget` builds the loss object (the numeric core by default; a test may inject a broken one). */
export function spacesOf(inst: Instance, r: Rng, tau = 0.1, makeTarget: (sigma0: Matrix) => Target = bwTarget): Space[] {
  const t = makeTarget(inst.sigma0);
  // L_τ = ‖W‖² + nτ + tr Σ0 − 2 tr(…)^{1/2}: the terms are about ‖W‖² + nτ + tr Σ0 each
  const magnitude = (extra: number) => (x: Matrix) => 2 * (frobeniusNorm(x) ** 2 + extra + t.traceSigma0);
  const spaces: Space[] = [
    { name: "W, L (τ = 0)", x: inst.W, f: (w) => t.loss(w), grad: (w) => t.grad(w), hvp: (w, v) => t.hvp(w, v), magnitude: magnitude(0) },
    {
      name: `W, L_τ (τ = ${tau})`,
      x: inst.W,
      f: (w) => t.loss(w, { tau }),
      grad: (w) => t.grad(w, { tau }),
      hvp: (w, v) => t.hvp(w, v, { tau }),
      magnitude: magnitude(inst.n * tau),
    },
  ];
  // Σ = W Wᵀ + I/2 is positive definite, where B² is smooth; unit directions keep Σ + tV ≻ 0 for t ≤ 0.1
  const sigma = gram(inst.W);
  for (let i = 0; i < inst.n; i++) sigma.data[i * inst.n + i] += 0.5;
  spaces.push({
    name: "Σ, B²(Σ, Σ0)",
    x: sigma,
    // B² is evaluated on the symmetric part: the checks move Σ along symmetric directions only
    f: (s) => t.bures2(symmetrize(s)),
    grad: (s) => t.sigmaGrad(symmetrize(s)),
    hvp: (s, v) => t.sigmaHvp(symmetrize(s), v),
    magnitude: (s) => 2 * (Math.abs(trace(s)) + t.traceSigma0),
    project: symmetrize,
  });
  // a random network W_2 W_1 with hidden width h, reading L_τ^N
  const h = 1 + Math.floor(r.next() * 4);
  const layers = [randomNormal(h, inst.m, r), randomNormal(inst.n, h, r)];
  const shape = (p: Matrix): Matrix[] => splitLayers(p.data, layers);
  spaces.push({
    name: `layers, L_τ^N (N = 2, τ = ${tau})`,
    x: asRow(flattenLayers(layers)),
    f: (p) => t.layerLoss(shape(p), { tau }),
    grad: (p) => asRow(flattenLayers(t.layerGrads(shape(p), { tau }))),
    hvp: (p, v) => asRow(flattenLayers(t.layerHvp(shape(p), shape(v), { tau }))),
    magnitude: (p) => magnitude(inst.n * tau)(endToEnd(shape(p))),
  });
  return spaces;
}
