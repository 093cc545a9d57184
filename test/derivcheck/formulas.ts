/**
 * Right and wrong formulas for the derivative checker's tests: the BW
 * losses of PAPER.md §2–3 in every space, with correct gradients and Hessians
 * and a corpus of plausible mistakes.
 *
 * The Hessian of L_τ is also written independently of the library's
 * nuclear-norm code, by the chain rule through Σ-space (PAPER.md §3):
 *   D²L_τ(W)[E] = 2 D²B²(S)[W Eᵀ + E Wᵀ] W + 2 (I − T_τ) E,   S = W Wᵀ + τ I,
 * where D²B²(S)[·] is the Daleckii–Krein Hessian (sigmaHvp) and T_τ the
 * transport map at S. Several mistakes are variations of that formula.
 */
import { bwTarget, type Target } from "../../src/bures/target.js";
import { asRow, flattenLayers, layerHvpFrom, splitLayers } from "../../src/bures/layers.js";
import { symmetricEigen } from "../../src/linalg/eigen.js";
import { identity, type Matrix, transpose, zeros } from "../../src/linalg/matrix.js";
import { add, axpy, frobeniusNorm, scale, sub, symmetrize } from "../../src/linalg/ops.js";
import { gram, matmul, matmulABt, matmulAtB, scaleColumns } from "../../src/linalg/products.js";
import { psdInvSqrt, psdPower } from "../../src/linalg/psd-functions.js";
import { randomNormal, randomStiefel, randomWithSpectrum, rng } from "../../src/linalg/random.js";
import { svd } from "../../src/linalg/svd.js";
import type { CheckOptions } from "../../src/derivcheck/types.js";

export type Formula = {
  name: string;
  x: Matrix;
  f: (x: Matrix) => number;
  grad: (x: Matrix) => Matrix;
  hvp?: (x: Matrix, v: Matrix) => Matrix;
  /** which check the mistake is for (corpus only) */
  wrong?: "gradient" | "hessian";
  options?: CheckOptions;
};

const TAU = 0.1;

/** Polar factor U Vᵀ of X = U S Vᵀ. */
function polar(x: Matrix): Matrix {
  const { U, V } = svd(x);
  return matmulABt(U, V);
}

/** S = W Wᵀ + τ I */
function shifted(w: Matrix, tau: number): Matrix {
  const s = gram(w);
  for (let i = 0; i < s.rows; i++) s.data[i * s.cols + i] += tau;
  return s;
}

/** Independent W-space Hessian of L_τ through Σ-space, with switchable pieces for the mistakes. */
function chainHvp(t: Target, w: Matrix, e: Matrix, tau: number, pieces: { dk?: (s: Matrix, sdot: Matrix) => Matrix; dkFactor?: number; curvature?: boolean } = {}): Matrix {
  const s = shifted(w, tau);
  const sdot = add(matmulABt(w, e), matmulABt(e, w));
  const dk = pieces.dk ? pieces.dk(s, sdot) : t.sigmaHvp(s, sdot);
  const first = scale(matmul(dk, w), pieces.dkFactor ?? 2);
  if (pieces.curvature === false) return first;
  const curvature = scale(sub(e, matmul(t.transportMap(s), e)), 2);
  return add(first, curvature);
}

/** Daleckii–Krein with the divided differences of √x instead of those of x^{-1/2}/2 (a wrong kernel). */
function wrongKernelSigmaHvp(t: Target, s: Matrix, e: Matrix): Matrix {
  const m = matmul(matmul(t.r0, s), t.r0);
  const { values, vectors: Q } = symmetricEigen(m);
  const F = matmulAtB(Q, matmul(matmul(matmul(t.r0, e), t.r0), Q));
  const r = values.map((x) => Math.sqrt(Math.max(x, 0)));
  const n = r.length;
  const G = transpose(F);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G.data[i * n + j] /= r[i] + r[j];
  return matmul(matmul(t.r0, matmul(matmul(Q, G), transpose(Q))), t.r0);
}

/** W = U diag(s) Vᵀ with prescribed singular values (near-low-rank points). */
function withSingularValues(n: number, m: number, s: number[], seed: number): Matrix {
  const r = rng(seed);
  return matmulABt(scaleColumns(randomStiefel(n, s.length, r), s), randomStiefel(m, s.length, r));
}

export function setting(seed = 11) {
  const r = rng(seed);
  const sigma0 = randomWithSpectrum([4, 2.5, 1.2, 0.5], r);
  const t = bwTarget(sigma0);
  return {
    t,
    sigma0,
    square: randomNormal(4, 4, r),
    wide: randomNormal(4, 6, r),
    tall: randomNormal(4, 2, r),
    nearLowRank: withSingularValues(4, 4, [2, 1.3, 0.7, 0.05], seed + 1),
    nearLowRankWide: withSingularValues(4, 5, [1.5, 1, 0.4, 0.05], seed + 2),
    sigma: randomWithSpectrum([2.2, 1.4, 0.9, 0.3], r),
    layers: [randomNormal(3, 4, r), randomNormal(4, 3, r)],
    squareLayers: [randomNormal(4, 4, r), randomNormal(4, 4, r)],
  };
}

function wSpace(t: Target, name: string, x: Matrix, tau: number): Formula {
  return {
    name,
    x,
    f: (w) => t.loss(w, { tau }),
    grad: (w) => t.grad(w, { tau }),
    hvp: (w, v) => t.hvp(w, v, { tau }),
    options: { magnitude: 2 * (frobeniusNorm(x) ** 2 + t.traceSigma0 + t.n * tau) },
  };
}

/** Parameter vectors as 1×d rows so the layer list fits the checker's single-matrix interface. */
function layerSpace(t: Target, name: string, layers: Matrix[], tau: number, layerGrads?: (ls: Matrix[]) => Matrix[], layerHvp?: (ls: Matrix[], d: Matrix[]) => Matrix[]): Formula {
  const split = (p: Matrix): Matrix[] => splitLayers(p.data, layers);
  const flat = (ms: Matrix[]): Matrix => asRow(flattenLayers(ms));
  return {
    name,
    x: flat(layers),
    f: (p) => t.layerLoss(split(p), { tau }),
    grad: (p) => flat((layerGrads ?? ((ls) => t.layerGrads(ls, { tau })))(split(p))),
    hvp: (p, v) => flat((layerHvp ?? ((ls, d) => t.layerHvp(ls, d, { tau })))(split(p), split(v))),
  };
}

/** The right formulas: every one must pass both checks. */
export function correctFormulas(seed = 11): Formula[] {
  const s = setting(seed);
  const { t } = s;
  const out: Formula[] = [];
  for (const tau of [0, TAU]) {
    out.push(wSpace(t, `W-space L_τ, τ = ${tau}, square 4×4`, s.square, tau));
    out.push(wSpace(t, `W-space L_τ, τ = ${tau}, wide 4×6`, s.wide, tau));
    out.push(wSpace(t, `W-space L_τ, τ = ${tau}, tall 4×2`, s.tall, tau));
    out.push(wSpace(t, `W-space L_τ, τ = ${tau}, near low rank (σ_min = 0.05), square`, s.nearLowRank, tau));
    out.push(wSpace(t, `W-space L_τ, τ = ${tau}, near low rank (σ_min = 0.05), wide`, s.nearLowRankWide, tau));
    out.push(layerSpace(t, `parameter space L_τ^N, τ = ${tau}, widths 4 → 3 → 4`, s.layers, tau));
  }
  out.push({
    name: "Σ-space B²(Σ, Σ0)",
    x: s.sigma,
    f: (x) => t.bures2(symmetrize(x)),
    grad: (x) => t.sigmaGrad(symmetrize(x)),
    hvp: (x, v) => t.sigmaHvp(symmetrize(x), v),
    options: { project: symmetrize },
  });
  out.push({
    name: "W-space L_τ (τ = 0.1), Hessian by the Σ-space chain rule",
    x: s.wide,
    f: (w) => t.loss(w, { tau: TAU }),
    grad: (w) => t.grad(w, { tau: TAU }),
    hvp: (w, e) => chainHvp(t, w, e, TAU),
  });
  return out;
}

/** The corpus of plausible mistakes: every one must be flagged by the check named in `wrong`. */
export function mistakes(seed = 11): Formula[] {
  const s = setting(seed);
  const { t } = s;
  const R0 = t.r0, S0 = t.sigma0;
  const L = (tau: number) => (w: Matrix) => t.loss(w, { tau });
  const G = (tau: number) => (w: Matrix) => t.grad(w, { tau });
  const gradient = (name: string, x: Matrix, tau: number, grad: (w: Matrix) => Matrix): Formula => ({ name, x, f: L(tau), grad, wrong: "gradient" });
  const hessian = (name: string, x: Matrix, tau: number, hvp: (w: Matrix, v: Matrix) => Matrix): Formula => ({ name, x, f: L(tau), grad: G(tau), hvp, wrong: "hessian" });
  // A = R0 (W Wᵀ + τI) R0, T_τ = R0 A^{-1/2} R0
  const A = (w: Matrix, tau: number) => matmul(matmul(R0, shifted(w, tau)), R0);
  const nonSymmetric = zeros(4, 4);
  for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) nonSymmetric.data[i * 4 + j] = 1;
  const list: Formula[] = [
    gradient("dropped factor 2: W − R0 U Vᵀ", s.square, 0, (w) => sub(w, matmul(R0, polar(matmul(R0, w))))),
    gradient("Σ0 in place of R0: 2(W − Σ0 U Vᵀ)", s.wide, 0, (w) => scale(sub(w, matmul(S0, polar(matmul(R0, w)))), 2)),
    gradient("τ in the wrong place: A = R0 W Wᵀ R0 + τ I", s.wide, TAU, (w) => {
      const a = matmul(matmul(R0, gram(w)), R0);
      for (let i = 0; i < 4; i++) a.data[i * 4 + i] += TAU;
      return scale(sub(w, matmul(matmul(R0, psdInvSqrt(a)), matmul(R0, w))), 2);
    }),
    gradient("transposed polar factor: 2(W − R0 V Uᵀ)", s.square, 0, (w) => scale(sub(w, matmul(R0, transpose(polar(matmul(R0, w))))), 2)),
    gradient("sign flip: 2(W + R0 U Vᵀ)", s.tall, 0, (w) => scale(add(w, matmul(R0, polar(matmul(R0, w)))), 2)),
    gradient("a single wrong entry (1e-3 off)", s.wide, TAU, (w) => {
      const g = t.grad(w, { tau: TAU });
      g.data[7] += 1e-3 * frobeniusNorm(g);
      return g;
    }),
    gradient("gradient scaled by 1.001", s.square, TAU, (w) => scale(t.grad(w, { tau: TAU }), 1.001)),
    gradient("gradient scaled by 1.00001", s.square, 0, (w) => scale(t.grad(w), 1.00001)),
    gradient("the τ = 0 gradient used for L_τ", s.wide, TAU, (w) => t.grad(w)),
    gradient("R0 on the wrong side: 2(W − U Vᵀ R0)", s.square, 0, (w) => scale(sub(w, matmul(polar(matmul(R0, w)), R0)), 2)),
    gradient("polar factor of W instead of R0 W", s.square, 0, (w) => scale(sub(w, matmul(R0, polar(w))), 2)),
    gradient("A^{-1} instead of A^{-1/2}", s.tall, TAU, (w) => scale(sub(w, matmul(matmul(R0, psdPower(A(w, TAU), -1)), matmul(R0, w))), 2)),
    gradient("A^{-1/2} with A = R0 W Wᵀ R0 at τ > 0 (τ dropped inside)", s.wide, TAU, (w) => scale(sub(w, matmul(matmul(R0, psdInvSqrt(A(w, 0))), matmul(R0, w))), 2)),
    {
      ...layerSpace(t, "layer gradients missing a transpose: W_2 G instead of W_2ᵀ G", s.squareLayers, TAU, (ls) => {
        const g = t.grad(matmul(ls[1], ls[0]), { tau: TAU });
        return [matmul(ls[1], g), matmulABt(g, ls[0])];
      }),
      wrong: "gradient",
    },
    {
      ...layerSpace(t, "layer gradients with the factors swapped: G W_1ᵀ for layer 1", s.squareLayers, TAU, (ls) => {
        const g = t.grad(matmul(ls[1], ls[0]), { tau: TAU });
        return [matmulABt(g, ls[0]), matmulAtB(ls[1], g)];
      }),
      wrong: "gradient",
    },
    {
      name: "Σ-space gradient −T (identity dropped)",
      x: s.sigma,
      f: (x) => t.bures2(symmetrize(x)),
      grad: (x) => scale(t.transportMap(symmetrize(x)), -1),
      options: { project: symmetrize },
      wrong: "gradient",
    },
    {
      name: "Σ-space gradient with M^{+1/2}: I − R0 M^{1/2} R0",
      x: s.sigma,
      f: (x) => t.bures2(symmetrize(x)),
      grad: (x) => sub(identity(4), matmul(matmul(R0, psdPower(matmul(matmul(R0, symmetrize(x)), R0), 0.5)), R0)),
      options: { project: symmetrize },
      wrong: "gradient",
    },
    // Hessians
    hessian("Hessian without its curvature term 2(I − T_τ)E", s.wide, TAU, (w, e) => chainHvp(t, w, e, TAU, { curvature: false })),
    hessian("Hessian without the Daleckii–Krein term", s.wide, TAU, (w, e) => scale(sub(e, matmul(t.transportMap(shifted(w, TAU)), e)), 2)),
    hessian("wrong Daleckii–Krein kernel 1/(√μ_i + √μ_j)", s.wide, TAU, (w, e) => chainHvp(t, w, e, TAU, { dk: (sm, sd) => wrongKernelSigmaHvp(t, sm, sd) })),
    hessian("Daleckii–Krein term missing its factor 2", s.wide, TAU, (w, e) => chainHvp(t, w, e, TAU, { dkFactor: 1 })),
    hessian("non-symmetric Hessian (+1e-3 · N E, N strictly upper triangular)", s.square, TAU, (w, e) => axpy(t.hvp(w, e, { tau: TAU }), 1e-3, matmul(nonSymmetric, e))),
    hessian("Hessian scaled by 1.0001", s.square, TAU, (w, e) => scale(t.hvp(w, e, { tau: TAU }), 1.0001)),
    hessian("sign flip of the nuclear-norm term: 2E + 2 R0 dP[R0 E]", s.square, 0, (w, e) => sub(scale(e, 4), t.hvp(w, e))),
    hessian("nuclear-norm Hessian without the 1/σ extra-column term (wide W)", s.nearLowRankWide, 0, (w, e) => {
      // the dropped term of PAPER.md §3: −2 R0 U S⁻¹ Uᵀ (R0 E)(I − V Vᵀ)
      const { U, s: sv, V } = svd(matmul(R0, w));
      const r0e = matmul(R0, e);
      const proj = sub(r0e, matmulABt(matmul(r0e, V), V));
      const extra = matmul(R0, matmul(scaleColumns(U, sv.map((x) => 1 / x)), matmulAtB(U, proj)));
      return add(t.hvp(w, e), scale(extra, 2));
    }),
    hessian("Σ-space chain rule with Ṡ = W Eᵀ (the E Wᵀ term forgotten)", s.wide, TAU, (w, e) => {
      const sm = shifted(w, TAU);
      const dk = t.sigmaHvp(sm, matmulABt(w, e));
      return add(scale(matmul(dk, w), 2), scale(sub(e, matmul(t.transportMap(sm), e)), 2));
    }),
    {
      ...layerSpace(t, "parameter-space Hessian without the second-order product term (Gauss–Newton)", s.layers, TAU, undefined, (ls, d) => {
        const w = matmul(ls[1], ls[0]);
        return layerHvpFrom(ls, d, zeros(w.rows, w.cols), (e) => t.hvp(w, e, { tau: TAU }));
      }),
      wrong: "hessian",
    },
    {
      name: "Σ-space Hessian without the R0 conjugation",
      x: s.sigma,
      f: (x) => t.bures2(symmetrize(x)),
      grad: (x) => t.sigmaGrad(symmetrize(x)),
      hvp: (x, v) => {
        const R0inv = psdInvSqrt(S0);
        return matmul(matmul(R0inv, t.sigmaHvp(symmetrize(x), v)), R0inv);
      },
      options: { project: symmetrize },
      wrong: "hessian",
    },
  ];
  return list;
}
