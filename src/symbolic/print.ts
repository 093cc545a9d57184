/**
 * One printer, three syntaxes, for the canonical expressions of expr.ts:
 *   text   mathjs syntax (parse-able and evaluate-able by mathjs),
 *   latex  KaTeX/LaTeX math (products by juxtaposition, \frac, \sqrt),
 *   ts     TypeScript (`**`, Math.sqrt).
 * The three share every decision about order, signs, fractions and
 * parentheses, so the text form, which derivation.ts evaluates against the
 * numeric core, vouches for the layout of the other two. Exact rationals:
 * a coefficient 1/2 is printed as a division by 2 (`x / 2`, \frac{x}{2}).
 */
import type { Expr } from "./expr.js";
import { Rational } from "./rational.js";

export type Syntax = "text" | "latex" | "ts";

const SUM = 1, PRODUCT = 2, POWER = 3, ATOM = 4;
type Printed = { s: string; prec: number; neg: boolean; leadingPow: boolean };

/** x_ij → x_{ij}, S11 → \Sigma_{11}, u1 → u_{1}, tau → \tau, lambda → \lambda. */
export function texSymbol(name: string): string {
  if (name === "tau") return "\\tau";
  if (name === "lambda") return "\\lambda";
  const m = /^([A-Za-z])(\d+)$/.exec(name);
  if (!m) return name.length === 1 ? name : `\\mathrm{${name}}`;
  return `${m[1] === "S" ? "\\Sigma" : m[1]}_{${m[2]}}`;
}

const paren = (s: string, syntax: Syntax): string => (syntax === "latex" ? `\\left(${s}\\right)` : `(${s})`);

/** The printed value with its sign. */
const signed = (p: Printed, syntax: Syntax): string => (p.neg ? negate(p, p.s, syntax) : p.s);

function atLeast(p: Printed, prec: number, syntax: Syntax): string {
  const s = signed(p, syntax);
  return p.prec >= prec && !p.neg ? s : paren(s, syntax);
}

function integer(v: bigint): Printed {
  return { s: (v < 0n ? -v : v).toString(), prec: ATOM, neg: v < 0n, leadingPow: false };
}

function print(e: Expr, syntax: Syntax): Printed {
  switch (e.k) {
    case "sym":
      return { s: syntax === "latex" ? texSymbol(e.name) : e.name, prec: ATOM, neg: false, leadingPow: false };
    case "num":
      return e.v.den === 1n ? integer(e.v.num) : product(e.v, [], syntax);
    case "add": {
      const terms = e.args.map((a) => print(a, syntax));
      // positive terms first: a + s − 2q, not a − 2q + s
      terms.sort((a, b) => Number(a.neg) - Number(b.neg));
      let s = "";
      terms.forEach((t, i) => {
        const body = t.prec > SUM ? t.s : paren(t.s, syntax);
        if (i === 0) s = t.neg ? negate(t, body, syntax) : body;
        else s += `${t.neg ? " - " : " + "}${body}`;
      });
      return { s, prec: SUM, neg: false, leadingPow: false };
    }
    case "mul": {
      const [coef, rest] = e.args[0].k === "num" ? [e.args[0].v, e.args.slice(1)] : [Rational.ONE, e.args];
      return product(coef, rest, syntax);
    }
    case "pow":
      if (e.exp.sign() < 0) return product(Rational.ONE, [e], syntax);
      return power(e.base, e.exp, syntax);
  }
}

/** A leading minus: TypeScript forbids `-x ** 2`, so there it becomes `-(x ** 2)`. */
function negate(t: Printed, body: string, syntax: Syntax): string {
  return syntax === "ts" && t.leadingPow ? `-(${body})` : `-${body}`;
}

function power(base: Expr, exp: Rational, syntax: Syntax): Printed {
  const b = print(base, syntax);
  if (exp.num === 1n && exp.den === 1n) return b;
  if (exp.num === 1n && exp.den === 2n) {
    const inner = signed(b, syntax);
    const s = syntax === "latex" ? `\\sqrt{${inner}}` : syntax === "ts" ? `Math.sqrt(${inner})` : `sqrt(${inner})`;
    return { s, prec: ATOM, neg: false, leadingPow: false };
  }
  // a base that is not a plain symbol gets parentheses (LaTeX: \sqrt{…}^{3} would read as a root of a cube)
  const plain = base.k === "sym" || (base.k === "num" && base.v.den === 1n && base.v.sign() > 0);
  const bs = plain ? b.s : paren(signed(b, syntax), syntax);
  const e = exp.den === 1n ? exp.toString() : syntax === "latex" ? exp.toString() : syntax === "ts" ? `(${exp.num} / ${exp.den})` : `(${exp})`;
  const s = syntax === "latex" ? `${bs}^{${e}}` : syntax === "ts" ? `${bs} ** ${e}` : `${bs}^${e}`;
  return { s, prec: POWER, neg: false, leadingPow: true };
}

/** c · f1 · f2 ⋯ with factors of negative exponent (and c's denominator) below a fraction bar. */
function product(coef: Rational, factors: readonly Expr[], syntax: Syntax): Printed {
  const top: Printed[] = [];
  const bottom: Printed[] = [];
  const absNum = coef.num < 0n ? -coef.num : coef.num;
  if (absNum !== 1n) top.push(integer(absNum));
  if (coef.den !== 1n) bottom.push(integer(coef.den));
  for (const f of factors) {
    if (f.k === "pow" && f.exp.sign() < 0) bottom.push(power(f.base, f.exp.neg(), syntax));
    else top.push(print(f, syntax));
  }
  // sums last among the factors: c d (a + b)
  top.sort((a, b) => Number(a.prec <= SUM) - Number(b.prec <= SUM));
  bottom.sort((a, b) => Number(a.prec <= SUM) - Number(b.prec <= SUM));
  const join = (items: Printed[]): string => {
    const parts = items.map((p) => atLeast(p, PRODUCT + 1, syntax));
    return syntax === "latex" ? parts.join(" ") : parts.join(" * ");
  };
  const neg = coef.sign() < 0;
  if (bottom.length === 0) {
    if (top.length === 0) return { ...integer(1n), neg };
    // −(a + b): a negated sum keeps its parentheses
    if (top.length === 1) return neg && top[0].prec <= SUM ? { s: paren(top[0].s, syntax), prec: ATOM, neg, leadingPow: false } : { ...top[0], neg };
    return { s: join(top), prec: PRODUCT, neg, leadingPow: top[0].leadingPow };
  }
  const numerator = top.length === 0 ? "1" : top.length === 1 && syntax === "latex" ? top[0].s : join(top);
  if (syntax === "latex") return { s: `\\frac{${numerator}}{${join(bottom)}}`, prec: ATOM, neg, leadingPow: false };
  const denominator = bottom.length === 1 ? atLeast(bottom[0], POWER, syntax) : `(${join(bottom)})`;
  return { s: `${numerator} / ${denominator}`, prec: PRODUCT, neg, leadingPow: top.length > 0 && top[0].leadingPow };
}

/** The expression in the given syntax. */
export function printExpr(e: Expr, syntax: Syntax): string {
  return signed(print(e, syntax), syntax);
}
