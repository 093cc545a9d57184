/**
 * Primary engine: mathjs `derivative` (right on every case tried, PAPER.md §5),
 * without mathjs's own simplification (15 s on the 2×2 W-space Hessian) but
 * with the linear-time `tidy` pass between the two differentiations.
 *
 *   gradient_i = ∂L/∂x_i,   hessian_ij = ∂²L/∂x_i∂x_j  (upper triangle derived,
 *   lower triangle the same node: the Hessian of a C² function is symmetric).
 */
import type { MathNode } from "mathjs";
import type { ClosedForm } from "./closed-forms.js";
import { math } from "./mathjs-instance.js";
import { tidy } from "./tidy.js";

export type SymbolicDerivatives = {
  loss: MathNode;
  gradient: MathNode[];
  /** null when only the gradient was asked for. */
  hessian: MathNode[][] | null;
  /**
   * Named subexpressions the other fields refer to (cse.ts), evaluated in
   * order before them; absent for mathjs's raw derivative.
   */
  definitions?: { name: string; node: MathNode }[];
};

export function deriveWithMathjs(form: ClosedForm, opts: { hessian?: boolean } = {}): SymbolicDerivatives {
  const loss = math.parse(form.loss);
  const gradient = form.variables.map((v) => tidy(math.derivative(loss, v, { simplify: false })));
  if (opts.hessian === false) return { loss, gradient, hessian: null };
  const d = form.variables.length;
  const hessian: MathNode[][] = Array.from({ length: d }, () => new Array<MathNode>(d));
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const h = tidy(math.derivative(gradient[i], form.variables[j], { simplify: false }));
      hessian[i][j] = h;
      hessian[j][i] = h;
    }
  return { loss, gradient, hessian };
}
