/**
 * Symbolic derivatives compiled to plain functions of (variables, parameters),
 * evaluated by mathjs in IEEE doubles.
 */
import type { EvalFunction, MathNode } from "mathjs";
import type { ClosedForm } from "./closed-forms.js";
import type { SymbolicDerivatives } from "./mathjs-engine.js";

export type Scope = Record<string, number>;

export type CompiledForm = {
  loss(scope: Scope): number;
  gradient(scope: Scope): number[];
  /** Throws when the derivation was gradient-only. */
  hessian(scope: Scope): number[][];
};

function compileAll(nodes: MathNode[]): EvalFunction[] {
  return nodes.map((n) => n.compile());
}

const asNumber = (v: unknown): number => (typeof v === "number" ? v : Number.NaN);

export function compileDerivatives(form: ClosedForm, d: SymbolicDerivatives): CompiledForm {
  const loss = d.loss.compile();
  const grad = compileAll(d.gradient);
  const hess = d.hessian?.map(compileAll) ?? null;
  return {
    loss: (s) => asNumber(loss.evaluate({ ...s })),
    gradient: (s) => grad.map((g) => asNumber(g.evaluate({ ...s }))),
    hessian: (s) => {
      if (!hess) throw new Error(`${form.name}: only the gradient was derived`);
      return hess.map((row) => row.map((h) => asNumber(h.evaluate({ ...s }))));
    },
  };
}
