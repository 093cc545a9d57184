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
  // named subexpressions (cse.ts) are evaluated in order into the scope first
  const defs = (d.definitions ?? []).map((x) => [x.name, x.node.compile()] as const);
  const scoped = (s: Scope): Scope => {
    const out = { ...s };
    for (const [name, f] of defs) out[name] = asNumber(f.evaluate(out));
    return out;
  };
  const loss = d.loss.compile();
  const grad = compileAll(d.gradient);
  const hess = d.hessian?.map(compileAll) ?? null;
  return {
    loss: (s) => asNumber(loss.evaluate(scoped(s))),
    gradient: (s) => {
      const sc = scoped(s);
      return grad.map((g) => asNumber(g.evaluate(sc)));
    },
    hessian: (s) => {
      if (!hess) throw new Error(`${form.name}: only the gradient was derived`);
      const sc = scoped(s);
      return hess.map((row) => row.map((h) => asNumber(h.evaluate(sc))));
    },
  };
}
