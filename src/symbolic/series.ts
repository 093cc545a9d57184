/**
 * Truncated Laurent series in one small variable δ with exact rational
 * coefficients, and the evaluation of a mathjs expression tree over them.
 * This is how the C7 exponents are derived from the expressions themselves
 * (issue 4): substitute the curve (e.g. Σ_ε = diag(1, ε), ε = δ²) into the
 * symbolic Hessian and read off each entry's leading term c·δ^v exactly.
 *
 * A series is Σ_k c_k δ^{v+k}, known modulo O(δ^prec) (prec = ∞: exact).
 * Products, quotients and square roots follow the usual recurrences:
 *   (1/a)_k = −(Σ_{i=1..k} a_i (1/a)_{k−i}) / a_0,
 *   (√a)_0 = √a_0,  (√a)_k = (a_k − Σ_{i=1..k−1} b_i b_{k−i}) / (2 b_0),
 * with √a_0 required to be rational (choose the curve and target so it is;
 * the error says so otherwise). When cancellation leaves a divisor or a
 * radicand with no known leading term, evaluation throws PrecisionError and
 * the caller retries with more terms.
 */
import type { MathNode } from "mathjs";
import { Rational } from "./rational.js";

export class PrecisionError extends Error {}

export class Series {
  constructor(
    /** valuation: exponent of the first (nonzero) coefficient; = prec for a zero series */
    readonly v: number,
    readonly c: readonly Rational[],
    readonly prec: number,
  ) {}

  static constant(r: Rational): Series {
    return normalize(0, [r], Infinity);
  }
  static monomial(r: Rational, exponent: number): Series {
    return normalize(exponent, [r], Infinity);
  }
  isZero(): boolean {
    return this.c.length === 0;
  }
  /** The leading term c·δ^v, or null when the series is zero to its precision. */
  leading(): { coefficient: Rational; exponent: number } | null {
    return this.c.length ? { coefficient: this.c[0], exponent: this.v } : null;
  }
  /** Value at a (small) δ in floating point, for spot checks. */
  at(delta: number): number {
    let s = 0;
    for (let k = 0; k < this.c.length; k++) s += this.c[k].toNumber() * delta ** (this.v + k);
    return s;
  }
}

function normalize(v: number, c: Rational[], prec: number): Series {
  let start = 0;
  while (start < c.length && c[start].isZero()) start++;
  let end = c.length;
  while (end > start && c[end - 1].isZero()) end--;
  if (start === end) return new Series(prec, [], prec);
  return new Series(v + start, c.slice(start, end), prec);
}

/** Series arithmetic keeping at most `terms` coefficients after each leading term. */
export class SeriesArithmetic {
  constructor(readonly terms: number) {}

  private cap(v: number, prec: number): number {
    return Math.min(prec, v + this.terms);
  }

  add(a: Series, b: Series): Series {
    const prec0 = Math.min(a.prec, b.prec);
    const lo = Math.min(a.v, b.v);
    const prec = this.cap(lo, prec0);
    const hi = Number.isFinite(prec) ? prec : Math.max(a.v + a.c.length, b.v + b.c.length);
    const c: Rational[] = [];
    for (let e = lo; e < hi; e++) {
      let x = Rational.ZERO;
      if (e >= a.v && e - a.v < a.c.length) x = x.add(a.c[e - a.v]);
      if (e >= b.v && e - b.v < b.c.length) x = x.add(b.c[e - b.v]);
      c.push(x);
    }
    return normalize(lo, c, prec);
  }

  neg(a: Series): Series {
    return new Series(a.v, a.c.map((x) => x.neg()), a.prec);
  }

  sub(a: Series, b: Series): Series {
    return this.add(a, this.neg(b));
  }

  mul(a: Series, b: Series): Series {
    const v = a.v + b.v;
    const prec = this.cap(v, Math.min(a.prec + b.v, b.prec + a.v));
    if (a.isZero() || b.isZero()) return new Series(prec, [], prec);
    const hi = Number.isFinite(prec) ? prec - v : a.c.length + b.c.length - 1;
    const c: Rational[] = Array.from({ length: Math.max(hi, 0) }, () => Rational.ZERO);
    for (let i = 0; i < a.c.length && i < hi; i++)
      for (let j = 0; j < b.c.length && i + j < hi; j++) c[i + j] = c[i + j].add(a.c[i].mul(b.c[j]));
    return normalize(v, c, prec);
  }

  inv(a: Series): Series {
    if (a.isZero()) {
      if (a.prec === Infinity) throw new RangeError("division by an expression that is exactly 0 on this curve");
      throw new PrecisionError("divisor cancels to the working precision");
    }
    const rel = Math.min(a.prec - a.v, this.terms);
    const b: Rational[] = [Rational.ONE.div(a.c[0])];
    for (let k = 1; k < rel; k++) {
      let s = Rational.ZERO;
      for (let i = 1; i <= k && i < a.c.length; i++) s = s.add(a.c[i].mul(b[k - i]));
      b.push(s.neg().div(a.c[0]));
    }
    return normalize(-a.v, b, -a.v + rel);
  }

  div(a: Series, b: Series): Series {
    return this.mul(a, this.inv(b));
  }

  powInt(a: Series, n: number): Series {
    if (n < 0) return this.inv(this.powInt(a, -n));
    let out = Series.constant(Rational.ONE);
    for (let i = 0; i < n; i++) out = this.mul(out, a);
    return out;
  }

  sqrt(a: Series): Series {
    if (a.isZero()) {
      if (a.prec === Infinity) return a;
      throw new PrecisionError("radicand cancels to the working precision");
    }
    if (a.v % 2 !== 0) throw new RangeError(`sqrt of a series with odd leading exponent ${a.v}: substitute ε = δ² so that half powers become integer`);
    if (a.c[0].sign() < 0) throw new RangeError(`sqrt of a series with negative leading coefficient ${a.c[0]}`);
    const b0 = a.c[0].sqrt();
    if (!b0) throw new RangeError(`the leading coefficient ${a.c[0]} is not the square of a rational: choose the target and τ so that the roots on the curve are rational`);
    const rel = Math.min(a.prec - a.v, this.terms);
    const b: Rational[] = [b0];
    const twoB0 = b0.add(b0);
    for (let k = 1; k < rel; k++) {
      let s = k < a.c.length ? a.c[k] : Rational.ZERO;
      for (let i = 1; i < k; i++) s = s.sub(b[i].mul(b[k - i]));
      b.push(s.div(twoB0));
    }
    return normalize(a.v / 2, b, a.v / 2 + rel);
  }

  /** |a| for small δ > 0: the sign of the leading coefficient decides. */
  abs(a: Series): Series {
    if (a.isZero()) {
      if (a.prec === Infinity) return a;
      throw new PrecisionError("argument of abs cancels to the working precision");
    }
    return a.c[0].sign() < 0 ? this.neg(a) : a;
  }
}

/** Evaluate a mathjs tree with every symbol bound to a series. */
export function evaluateSeries(node: MathNode, scope: Record<string, Series>, ar: SeriesArithmetic): Series {
  const rec = (n: MathNode): Series => {
    switch (n.type) {
      case "ConstantNode":
        return Series.constant(Rational.fromNumber((n as unknown as { value: number }).value));
      case "SymbolNode": {
        const name = (n as unknown as { name: string }).name;
        const s = scope[name];
        if (!s) throw new RangeError(`no value for the symbol ${name}`);
        return s;
      }
      case "ParenthesisNode":
        return rec((n as unknown as { content: MathNode }).content);
      case "FunctionNode": {
        const f = n as unknown as { fn: { name: string }; args: MathNode[] };
        const x = rec(f.args[0]);
        if (f.fn.name === "sqrt") return ar.sqrt(x);
        if (f.fn.name === "abs") return ar.abs(x);
        throw new RangeError(`series evaluation does not support the function ${f.fn.name}`);
      }
      case "OperatorNode": {
        const op = n as unknown as { fn: string; args: MathNode[] };
        const a = op.args.map(rec);
        switch (op.fn) {
          case "add":
            return ar.add(a[0], a[1]);
          case "subtract":
            return ar.sub(a[0], a[1]);
          case "multiply":
            return ar.mul(a[0], a[1]);
          case "divide":
            return ar.div(a[0], a[1]);
          case "unaryMinus":
            return ar.neg(a[0]);
          case "unaryPlus":
            return a[0];
          case "pow": {
            const e = a[1];
            const lead = e.leading();
            const integer = e.prec === Infinity && (e.isZero() || (e.c.length === 1 && e.v === 0 && lead!.coefficient.den === 1n));
            if (!integer) throw new RangeError("series evaluation supports integer constant exponents only");
            return ar.powInt(a[0], e.isZero() ? 0 : Number(lead!.coefficient.num));
          }
          default:
            throw new RangeError(`series evaluation does not support the operator ${op.fn}`);
        }
      }
      default:
        throw new RangeError(`series evaluation does not support ${n.type}`);
    }
  };
  return rec(node);
}
