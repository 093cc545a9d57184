/**
 * The numeric core's values for a closed form's variables: what every symbolic
 * derivative is compared with before it is reported (DESIGN.md "Symbolic").
 *   Σ-space:  s12 stands for both off-diagonal entries, so with the symmetric
 *             basis E_11 = e1e1ᵀ, E_12 = e1e2ᵀ + e2e1ᵀ, E_22 = e2e2ᵀ
 *             ∂B²/∂s_a = ⟨∇_Σ B², E_a⟩,  ∂²B²/∂s_a∂s_b = ⟨E_a, D²B²[E_b]⟩;
 *             L_τ evaluates B² at Σ + τI.
 *   W-space:  target.loss / grad / hessian on row-major vec(W).
 *   scalar deep network: layerLoss / layerGrads / layerHessian of Σ0 = [λ].
 */
import { bwTarget } from "../bures/target.js";
import { fromRows, type Matrix, toRows } from "../linalg/matrix.js";
import { frobeniusNorm, inner } from "../linalg/ops.js";
import type { ClosedForm } from "./closed-forms.js";
import type { Scope } from "./compiled.js";

export type NumericValues = {
  loss: number;
  gradient: number[];
  hessian: number[][];
  /**
   * The size of the terms that cancel in the gradient: ‖∇ tr Σ‖ (the gradient
   * of tr Σ equals that of 2 tr(R0 Σ R0)^{1/2} at a minimum). Near a minimum
   * ‖∇L‖ → 0 while the formulas still subtract quantities of this size, so
   * gradient errors are measured against max(‖∇L‖, gradientScale).
   */
  gradientScale: number;
};

function targetOf(form: ClosedForm, s: Scope): number[][] {
  if (form.space === "scalar-deep") return [[s.lambda]];
  const a12 = form.diagonal ? 0 : s.a12;
  return [
    [s.a11, a12],
    [a12, s.a22],
  ];
}

const SYMMETRIC_BASIS: Matrix[] = [
  fromRows([[1, 0], [0, 0]]),
  fromRows([[0, 1], [1, 0]]),
  fromRows([[0, 0], [0, 1]]),
];

export function numericValues(form: ClosedForm, s: Scope): NumericValues {
  const target = bwTarget(targetOf(form, s));
  const tau = form.tau ? s.tau : 0;
  if (form.space === "sigma") {
    const sigma = fromRows([
      [s.s11 + tau, s.s12],
      [s.s12, s.s22 + tau],
    ]);
    const g = target.sigmaGrad(sigma);
    const hvps = SYMMETRIC_BASIS.map((e) => target.sigmaHvp(sigma, e));
    return {
      loss: target.bures2(sigma),
      gradient: SYMMETRIC_BASIS.map((e) => inner(g, e)),
      hessian: SYMMETRIC_BASIS.map((ea) => hvps.map((hb) => inner(ea, hb))),
      gradientScale: Math.SQRT2, // ∇ tr Σ = (1, 0, 1)
    };
  }
  if (form.space === "W") {
    const m = form.size;
    const W = fromRows([0, 1].map((i) => Array.from({ length: m }, (_, k) => s[`w${i + 1}${k + 1}`])));
    return {
      loss: target.loss(W, { tau }),
      gradient: Array.from(target.grad(W, { tau }).data),
      hessian: toRows(target.hessian(W, { tau })),
      gradientScale: 2 * frobeniusNorm(W), // ∇ ‖W‖² = 2W
    };
  }
  const layers = form.variables.map((v) => [[s[v]]]);
  // ∇_j P² = 2P ∏_{i≠j} w_i = 2P² / w_j
  const P = form.variables.reduce((acc, v) => acc * s[v], 1);
  return {
    loss: target.layerLoss(layers, { tau }),
    gradient: target.layerGrads(layers, { tau }).map((g) => g.data[0]),
    hessian: toRows(target.layerHessian(layers, { tau })),
    gradientScale: Math.hypot(...form.variables.map((v) => (2 * P * P) / s[v])),
  };
}

/** ‖g − ref‖ / max(‖ref‖, gradientScale): the gradient error that stays meaningful near a minimum. */
export function gradientError(g: readonly number[], ref: NumericValues): number {
  let d = 0, n = 0;
  for (let i = 0; i < g.length; i++) {
    d += (g[i] - ref.gradient[i]) ** 2;
    n += ref.gradient[i] ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(n), ref.gradientScale, Number.MIN_VALUE);
}
