/**
 * Sparse multivariate polynomials with exact rational coefficients, and the
 * conversion of a mathjs tree into a quotient of two of them, with each
 * square root replaced by a new symbol r_k and its defining relation
 * r_k² = R_k (R_k itself a polynomial, possibly in earlier radicals).
 * This is the algebra the exact critical-point solver (critical-solve.ts)
 * runs on; nothing here is approximate.
 */
import type { MathNode } from "mathjs";
import { Rational } from "./rational.js";

type Monomial = Record<string, number>;

const keyOf = (m: Monomial): string =>
  Object.keys(m)
    .filter((s) => m[s] !== 0)
    .sort()
    .map((s) => `${s}^${m[s]}`)
    .join("*");

function parseKey(key: string): Monomial {
  const m: Monomial = {};
  if (key === "") return m;
  for (const part of key.split("*")) {
    const [s, e] = part.split("^");
    m[s] = Number(e);
  }
  return m;
}

export class Poly {
  /** monomial key → coefficient (never zero) */
  readonly terms: ReadonlyMap<string, Rational>;

  constructor(terms: Map<string, Rational>) {
    for (const [k, c] of terms) if (c.isZero()) terms.delete(k);
    this.terms = terms;
  }

  static constant(c: Rational): Poly {
    return new Poly(new Map([["", c]]));
  }
  static symbol(name: string): Poly {
    return new Poly(new Map([[`${name}^1`, Rational.ONE]]));
  }
  static readonly ZERO = new Poly(new Map());
  static readonly ONE = Poly.constant(Rational.ONE);

  isZero(): boolean {
    return this.terms.size === 0;
  }
  add(b: Poly): Poly {
    const t = new Map(this.terms);
    for (const [k, c] of b.terms) t.set(k, (t.get(k) ?? Rational.ZERO).add(c));
    return new Poly(t);
  }
  neg(): Poly {
    return new Poly(new Map([...this.terms].map(([k, c]) => [k, c.neg()])));
  }
  sub(b: Poly): Poly {
    return this.add(b.neg());
  }
  mul(b: Poly): Poly {
    const t = new Map<string, Rational>();
    for (const [ka, ca] of this.terms)
      for (const [kb, cb] of b.terms) {
        const m = parseKey(ka);
        for (const [s, e] of Object.entries(parseKey(kb))) m[s] = (m[s] ?? 0) + e;
        const k = keyOf(m);
        t.set(k, (t.get(k) ?? Rational.ZERO).add(ca.mul(cb)));
      }
    return new Poly(t);
  }
  pow(n: number): Poly {
    let out = Poly.ONE;
    for (let i = 0; i < n; i++) out = out.mul(this);
    return out;
  }
  degreeIn(s: string): number {
    let d = 0;
    for (const k of this.terms.keys()) d = Math.max(d, parseKey(k)[s] ?? 0);
    return d;
  }
  symbols(): Set<string> {
    const out = new Set<string>();
    for (const k of this.terms.keys()) for (const s of Object.keys(parseKey(k))) out.add(s);
    return out;
  }
  /** Coefficients of s^0, s^1, …, s^deg (each a polynomial free of s). */
  coefficientsIn(s: string): Poly[] {
    const out: Map<string, Rational>[] = Array.from({ length: this.degreeIn(s) + 1 }, () => new Map());
    for (const [k, c] of this.terms) {
      const m = parseKey(k);
      const e = m[s] ?? 0;
      delete m[s];
      out[e].set(keyOf(m), c);
    }
    return out.map((t) => new Poly(t));
  }
  /** Replace the symbol s by the polynomial p. */
  substitute(s: string, p: Poly): Poly {
    return this.coefficientsIn(s).reduce((acc, c, e) => acc.add(c.mul(p.pow(e))), Poly.ZERO);
  }
  /** The largest power of s dividing this polynomial. */
  multiplicityOf(s: string): number {
    let k = Infinity;
    for (const key of this.terms.keys()) k = Math.min(k, parseKey(key)[s] ?? 0);
    return Number.isFinite(k) ? k : 0;
  }
  /** Divide by s^k (k ≤ multiplicityOf(s)). */
  divideBySymbolPower(s: string, k: number): Poly {
    return new Poly(
      new Map(
        [...this.terms].map(([key, c]) => {
          const m = parseKey(key);
          m[s] = (m[s] ?? 0) - k;
          return [keyOf(m), c];
        }),
      ),
    );
  }
  /** Total degree of the term with key k. */
  private static degreeOfKey(k: string): number {
    return Object.values(parseKey(k)).reduce((a, b) => a + b, 0);
  }
  /** Graded lexicographic order: total degree, then exponents compared symbol by symbol in alphabetical order. */
  private static compareKeys(a: string, b: string): number {
    const da = Poly.degreeOfKey(a), db = Poly.degreeOfKey(b);
    if (da !== db) return da - db;
    const ma = parseKey(a), mb = parseKey(b);
    for (const sym of [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort()) {
      const d = (ma[sym] ?? 0) - (mb[sym] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  /** The leading term in the graded lexicographic order. */
  leadingTerm(): [string, Rational] | null {
    let best: [string, Rational] | null = null;
    for (const t of this.terms) if (!best || Poly.compareKeys(t[0], best[0]) > 0) best = t;
    return best;
  }
  /**
   * The exact square root q (q² = this, leading coefficient > 0), or null
   * when this is not the square of a polynomial with rational coefficients.
   * Leading terms first: q_0 = √lt(p), then each next term is
   * lt(p − q²) / (2 lt(q)).
   */
  sqrt(): Poly | null {
    if (this.isZero()) return Poly.ZERO;
    const lead = this.leadingTerm()!;
    const m = parseKey(lead[0]);
    const c = lead[1].sqrt();
    if (!c || Object.values(m).some((e) => e % 2 !== 0)) return null;
    const half: Monomial = {};
    for (const [sym, e] of Object.entries(m)) half[sym] = e / 2;
    let root = new Poly(new Map([[keyOf(half), c]]));
    const twiceLead = { m: half, c: c.add(c) };
    for (let iter = 0; iter <= this.terms.size + 2; iter++) {
      const rem = this.sub(root.mul(root));
      if (rem.isZero()) return root;
      const [k, coef] = rem.leadingTerm()!;
      const mono = parseKey(k);
      const next: Monomial = { ...mono };
      for (const [sym, e] of Object.entries(twiceLead.m)) {
        next[sym] = (next[sym] ?? 0) - e;
        if (next[sym] < 0) return null;
      }
      root = root.add(new Poly(new Map([[keyOf(next), coef.div(twiceLead.c)]])));
    }
    return null;
  }
  /** Every coefficient positive (with positive symbols, the polynomial is then positive). */
  allCoefficientsPositive(): boolean {
    return !this.isZero() && [...this.terms.values()].every((c) => c.sign() > 0);
  }
  /** The gcd of the monomials: the largest monomial dividing every term. */
  monomialContent(): Monomial {
    let content: Monomial | null = null;
    for (const k of this.terms.keys()) {
      const m = parseKey(k);
      if (!content) content = { ...m };
      else for (const sym of Object.keys(content)) content[sym] = Math.min(content[sym], m[sym] ?? 0);
    }
    return content ?? {};
  }
  /** Divide by a monomial that divides every term. */
  divideByMonomial(d: Monomial): Poly {
    return Object.entries(d).reduce((acc: Poly, [sym, e]) => acc.divideBySymbolPower(sym, e), this);
  }

  /** mathjs / nerdamer syntax, leading term first. */
  toString(): string {
    if (this.isZero()) return "0";
    const parts = [...this.terms].sort(([a], [b]) => Poly.compareKeys(b, a)).map(([k, c]) => {
      const m = parseKey(k);
      const factors = Object.keys(m).map((s) => (m[s] === 1 ? s : `${s}^${m[s]}`));
      const coef = c.toString().includes("/") ? `(${c})` : c.toString();
      if (factors.length === 0) return coef;
      if (c.toString() === "1") return factors.join("*");
      if (c.toString() === "-1") return `-${factors.join("*")}`;
      return `${coef}*${factors.join("*")}`;
    });
    return parts.join(" + ").replace(/\+ -/g, "- ");
  }
}

export type Radical = { symbol: string; radicand: Poly; text: string };
export type RationalFunction = { num: Poly; den: Poly };

/**
 * A mathjs tree as num/den. Square roots become radical symbols r1, r2, …
 * (shared between equal radicands, so that the same root is one symbol);
 * the radicand of a root must itself be a polynomial (denominator 1).
 */
export function toRationalFunction(node: MathNode, radicals: Radical[]): RationalFunction {
  const one = Poly.ONE;
  const rec = (n: MathNode): RationalFunction => {
    switch (n.type) {
      case "ConstantNode":
        return { num: Poly.constant(Rational.fromNumber((n as unknown as { value: number }).value)), den: one };
      case "SymbolNode":
        return { num: Poly.symbol((n as unknown as { name: string }).name), den: one };
      case "ParenthesisNode":
        return rec((n as unknown as { content: MathNode }).content);
      case "FunctionNode": {
        const f = n as unknown as { fn: { name: string }; args: MathNode[] };
        if (f.fn.name !== "sqrt") throw new RangeError(`unsupported function ${f.fn.name}`);
        const arg = rec(f.args[0]);
        if (arg.den.symbols().size > 0) throw new RangeError(`radicand with a non-constant denominator: ${f.args[0].toString()}`);
        const radicand = arg.num.mul(Poly.constant(Rational.ONE.div([...arg.den.terms.values()][0])));
        const text = radicand.toString();
        let r = radicals.find((x) => x.text === text);
        if (!r) {
          r = { symbol: `r${radicals.length + 1}`, radicand, text };
          radicals.push(r);
        }
        return { num: Poly.symbol(r.symbol), den: one };
      }
      case "OperatorNode": {
        const op = n as unknown as { fn: string; args: MathNode[] };
        const a = op.args.map(rec);
        switch (op.fn) {
          case "add":
            return { num: a[0].num.mul(a[1].den).add(a[1].num.mul(a[0].den)), den: a[0].den.mul(a[1].den) };
          case "subtract":
            return { num: a[0].num.mul(a[1].den).sub(a[1].num.mul(a[0].den)), den: a[0].den.mul(a[1].den) };
          case "multiply":
            return { num: a[0].num.mul(a[1].num), den: a[0].den.mul(a[1].den) };
          case "divide":
            return { num: a[0].num.mul(a[1].den), den: a[0].den.mul(a[1].num) };
          case "unaryMinus":
            return { num: a[0].num.neg(), den: a[0].den };
          case "pow": {
            const e = a[1].num;
            const k = e.isZero() ? 0 : Number(e.terms.get("")?.num ?? NaN);
            if (e.symbols().size > 0 || !Number.isInteger(k) || a[1].den.symbols().size > 0) throw new RangeError("non-integer exponent");
            return k >= 0 ? { num: a[0].num.pow(k), den: a[0].den.pow(k) } : { num: a[0].den.pow(-k), den: a[0].num.pow(-k) };
          }
          default:
            throw new RangeError(`unsupported operator ${op.fn}`);
        }
      }
      default:
        throw new RangeError(`unsupported node ${n.type}`);
    }
  };
  return rec(node);
}

/** Use r² = R to make p at most linear in r: p = A + B·r. */
export function reduceModRadical(p: Poly, r: Radical): [Poly, Poly] {
  const cs = p.coefficientsIn(r.symbol);
  let A = Poly.ZERO, B = Poly.ZERO;
  cs.forEach((c, e) => {
    const part = c.mul(r.radicand.pow(Math.floor(e / 2)));
    if (e % 2 === 0) A = A.add(part);
    else B = B.add(part);
  });
  return [A, B];
}

/** Eliminate r from p = 0: (A + B r)(A − B r) = A² − B² R. Every root of p is a root of the result (squaring may add spurious ones). */
export function eliminateRadical(p: Poly, r: Radical): Poly {
  const [A, B] = reduceModRadical(p, r);
  if (B.isZero()) return A;
  return A.mul(A).sub(B.mul(B).mul(r.radicand));
}
