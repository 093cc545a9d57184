/**
 * The readable form of a derivation (issue 14, item 6): mathjs's raw
 * derivatives → canonical expressions (expr.ts: exact rationals, folded
 * signs) → common subexpressions named once (cse.ts, with the closed form's
 * d and q) → text in mathjs syntax. The text is then parsed back, so what the
 * cross-check evaluates (derivation.ts) is exactly what is printed.
 */
import type { MathNode } from "mathjs";
import type { ClosedForm } from "./closed-forms.js";
import { cse, seedsFrom } from "./cse.js";
import { fromMathjs, type Expr } from "./expr.js";
import type { SymbolicDerivatives } from "./mathjs-engine.js";
import { math } from "./mathjs-instance.js";
import { printExpr } from "./print.js";

/** Loss, gradient and Hessian as canonical expressions, with or without named subexpressions. */
export type ExprForm = {
  definitions: { name: string; expr: Expr }[];
  loss: Expr;
  gradient: Expr[];
  /** Full and symmetric: hessian[j][i] is hessian[i][j]. */
  hessian: Expr[][];
};

/** The same in mathjs syntax. */
export type TextForm = {
  definitions: { name: string; expr: string }[];
  loss: string;
  gradient: string[];
  hessian: string[][];
};

const upper = <T>(h: T[][]): T[] => h.flatMap((row, i) => row.slice(i));

function fromUpper<T>(flat: T[], n: number): T[][] {
  const h: T[][] = Array.from({ length: n }, () => new Array<T>(n));
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      h[i][j] = flat[k++];
      h[j][i] = h[i][j];
    }
  return h;
}

/** Expanded (no names) and named forms of mathjs's derivatives. */
export function readableForms(form: ClosedForm, raw: SymbolicDerivatives): { expanded: ExprForm; named: ExprForm } {
  const n = form.variables.length;
  const all = [raw.loss, ...raw.gradient, ...upper(raw.hessian!)].map(fromMathjs);
  const split = (xs: Expr[], definitions: ExprForm["definitions"]): ExprForm => ({
    definitions,
    loss: xs[0],
    gradient: xs.slice(1, 1 + n),
    hessian: fromUpper(xs.slice(1 + n), n),
  });
  const named = cse(all, { seeds: seedsFrom(form.definitions, (t) => math.parse(t)), reserved: [...form.variables, ...form.parameters] });
  return { expanded: split(all, []), named: split(named.outputs, named.definitions) };
}

export function asText(f: ExprForm): TextForm {
  const t = (e: Expr) => printExpr(e, "text");
  return {
    definitions: f.definitions.map((d) => ({ name: d.name, expr: t(d.expr) })),
    loss: t(f.loss),
    gradient: f.gradient.map(t),
    hessian: f.hessian.map((row) => row.map(t)),
  };
}

/** The printed text parsed back by mathjs, for the cross-check. */
export function parseText(f: TextForm): SymbolicDerivatives {
  const p = (s: string): MathNode => math.parse(s);
  return {
    loss: p(f.loss),
    gradient: f.gradient.map(p),
    hessian: f.hessian.map((row) => row.map(p)),
    definitions: f.definitions.map((d) => ({ name: d.name, node: p(d.expr) })),
  };
}
