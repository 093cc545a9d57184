/**
 * Canonical expressions for printing derivatives (issue 14, item 6): sums and
 * products flattened, exact rational coefficients (mathjs's `0.5` from
 * d√x/dx becomes 1/2), signs folded into the coefficient (so `+ -2` and
 * `-(-x)` cannot be printed), like terms and like factors collected
 * (x·x = x², √B·√B = B, w1²w2²/√(w1²w2²) = √(w1²w2²)), and a sum's common
 * factor pulled out (2a·x + 2b·y = 2(a·x + b·y), x·A − λ·x·A/q =
 * x·A·(1 − λ/q)), so that equal subexpressions get equal keys and cse.ts can
 * name them once.
 *
 * Every rule is an identity on the domain of the closed forms (PAPER.md §5:
 * the argument of every square root is ≥ 0 there): (B^a)^e = B^(ae) is used
 * only when e is an integer, a = −1, or a has an even denominator (then
 * B ≥ 0); (√B)² = B likewise. Powers of a sum are never expanded, and
 * (x²)^(1/2) stays as it is (it is |x|). A half-integer power B^(k/2) is
 * always written (√B)^k, so √B is one node wherever it occurs.
 * The printed result is evaluated against the numeric core before it is
 * shown (derivation.ts), so a wrong rule here cannot pass unnoticed.
 */
import type { MathNode } from "mathjs";
import { Rational } from "./rational.js";

export type Expr =
  | { readonly k: "num"; readonly v: Rational; readonly key: string }
  | { readonly k: "sym"; readonly name: string; readonly key: string }
  | { readonly k: "add"; readonly args: readonly Expr[]; readonly key: string }
  /** A product; a numeric coefficient, if any, is args[0]. */
  | { readonly k: "mul"; readonly args: readonly Expr[]; readonly key: string }
  | { readonly k: "pow"; readonly base: Expr; readonly exp: Rational; readonly key: string };

const HALF = Rational.of(1, 2);
const MINUS_ONE = Rational.of(-1);

export const num = (v: Rational | number): Expr => {
  const r = typeof v === "number" ? Rational.of(v) : v;
  return { k: "num", v: r, key: `#${r}` };
};
export const sym = (name: string): Expr => ({ k: "sym", name, key: name });
const isInt = (r: Rational): boolean => r.den === 1n;

/** A power node as given, without any rewriting (cse.ts uses it for (√B)^k). */
export const rawPow = (base: Expr, exp: Rational): Expr => ({ k: "pow", base, exp, key: `^(${base.key},${exp})` });
const rawMul = (args: Expr[]): Expr => ({ k: "mul", args, key: `*(${args.map((a) => a.key).join(",")})` });
const rawAdd = (args: Expr[]): Expr => ({ k: "add", args, key: `+(${args.map((a) => a.key).join(",")})` });

/** B^r with r a multiple of ½ written as B^r (integer r) or (√B)^(2r). */
function powOfBase(base: Expr, r: Rational): Expr {
  if (r.isZero()) return num(1);
  if (r.num === 1n && r.den === 1n) return base;
  if (base.k === "num") return numPow(base.v, r);
  if (r.den === 2n) {
    const root = rawPow(base, HALF);
    return r.num === 1n ? root : rawPow(root, Rational.of(r.num));
  }
  return rawPow(base, r);
}

function intPow(v: Rational, e: bigint): Rational {
  let out = Rational.ONE;
  const b = e < 0n ? Rational.ONE.div(v) : v;
  for (let i = 0n; i < (e < 0n ? -e : e); i++) out = out.mul(b);
  return out;
}

function numPow(v: Rational, r: Rational): Expr {
  if (isInt(r)) return num(intPow(v, r.num));
  if (r.den === 2n && v.sign() > 0) {
    const root = v.sqrt();
    if (root) return num(intPow(root, r.num));
  }
  return r.den === 2n && r.num !== 1n ? rawPow(rawPow(num(v), HALF), Rational.of(r.num)) : rawPow(num(v), r);
}

/** The (base, exponent) a factor contributes: √B and (√B)^k count as B^(1/2), B^(k/2). */
export function baseAndExponent(f: Expr): [Expr, Rational] {
  if (f.k !== "pow") return [f, Rational.ONE];
  if (f.base.k === "pow" && f.base.exp.num === 1n && f.base.exp.den === 2n && isInt(f.exp)) return [f.base.base, f.exp.mul(HALF)];
  return [f.base, f.exp];
}

export function pow(base: Expr, e: Rational): Expr {
  if (e.isZero()) return num(1);
  if (e.num === 1n && e.den === 1n) return base;
  if (base.k === "num") return numPow(base.v, e);
  if (base.k === "pow") {
    const [b, a] = baseAndExponent(base);
    if (isInt(e) || a.den % 2n === 0n || (a.num === -1n && a.den === 1n)) return pow(b, a.mul(e));
    return rawPow(base, e);
  }
  if (base.k === "mul" && isInt(e)) return mul(base.args.map((a) => pow(a, e)));
  if (e.den === 2n || isInt(e)) return powOfBase(base, e);
  return rawPow(base, e);
}

/** Sort order for printing and keys: by the first symbol's name (numbers last), then the smaller first, then by key. */
function orderKey(e: Expr): string {
  switch (e.k) {
    case "num":
      return "~";
    case "sym":
      return e.name.toLowerCase();
    case "pow":
      return orderKey(e.base);
    case "mul":
      return orderKey(e.args.find((a) => a.k !== "num") ?? e.args[0]);
    case "add":
      return orderKey(e.args[0]);
  }
}
const byOrder = (a: Expr, b: Expr): number => {
  const ka = orderKey(a), kb = orderKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const wa = weight(a), wb = weight(b);
  if (wa !== wb) return wa - wb;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
};

/** The coefficient and the rest of a term: 3·x·y → [3, x·y]. */
export function splitCoefficient(e: Expr): [Rational, Expr] {
  if (e.k === "num") return [e.v, num(1)];
  if (e.k === "mul" && e.args[0].k === "num") {
    const rest = e.args.slice(1);
    return [e.args[0].v, rest.length === 1 ? rest[0] : rawMul(rest)];
  }
  return [Rational.ONE, e];
}

export function mul(factors: readonly Expr[]): Expr {
  let coef = Rational.ONE;
  const groups = new Map<string, { base: Expr; exp: Rational }>();
  const pending = [...factors];
  while (pending.length) {
    const f = pending.pop()!;
    if (f.k === "num") coef = coef.mul(f.v);
    else if (f.k === "mul") pending.push(...f.args);
    else {
      const [base, exp] = baseAndExponent(f);
      const g = groups.get(base.key);
      if (g) g.exp = g.exp.add(exp);
      else groups.set(base.key, { base, exp });
    }
  }
  if (coef.isZero()) return num(0);
  absorbIntoProductBases(groups);
  const out: Expr[] = [];
  for (const { base, exp } of groups.values()) {
    const p = pow(base, exp);
    if (p.k === "num") coef = coef.mul(p.v);
    else if (p.k === "mul") {
      // an integer power of a product distributed again: its factors have other bases
      for (const a of p.args) if (a.k === "num") coef = coef.mul(a.v);
      else out.push(a);
    } else out.push(p);
  }
  out.sort(byOrder);
  if (out.length === 0) return num(coef);
  if (coef.num === 1n && coef.den === 1n && out.length === 1) return out[0];
  return rawMul(coef.num === 1n && coef.den === 1n ? out : [num(coef), ...out]);
}

/**
 * A product base M = Π fᵢ^eᵢ raised to a non-integer power absorbs the other
 * factors when they make up M^k (k an integer): w1²w2² · (w1²w2²)^(−1/2) =
 * (w1²w2²)^(1/2). Without this, √M·√M would not meet M written out.
 */
function absorbIntoProductBases(groups: Map<string, { base: Expr; exp: Rational }>): void {
  for (const g of [...groups.values()]) {
    if (g.base.k !== "mul" || g.exp.den === 1n || !groups.has(g.base.key) || g.base.args.some((f) => f.k === "num")) continue;
    const factors = g.base.args.map(baseAndExponent);
    const k = integerMultiple((key) => groups.get(key)?.exp, factors);
    if (k === null) continue;
    for (const [b] of factors) groups.delete(b.key);
    g.exp = g.exp.add(k);
  }
}

/**
 * k when a product's factors (exponent by base key) include Π bᵢ^(k·eᵢ) for
 * the given factors bᵢ^eᵢ and an integer k ≠ 0; null otherwise.
 */
export function integerMultiple(exponentOf: (key: string) => Rational | undefined, factors: readonly [Expr, Rational][]): Rational | null {
  if (factors.length === 0) return null;
  const first = exponentOf(factors[0][0].key);
  if (first === undefined) return null;
  const k = first.div(factors[0][1]);
  if (k.den !== 1n || k.isZero()) return null;
  return factors.every(([b, e]) => exponentOf(b.key)?.sub(e.mul(k)).isZero()) ? k : null;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

export function add(terms: readonly Expr[]): Expr {
  let constant = Rational.ZERO;
  const groups = new Map<string, { rest: Expr; coef: Rational }>();
  const pending = [...terms];
  while (pending.length) {
    const t = pending.pop()!;
    if (t.k === "num") constant = constant.add(t.v);
    else if (t.k === "add") pending.push(...t.args);
    else if (t.k === "mul" && t.args[0].k === "num" && t.args.length === 2 && t.args[1].k === "add") {
      // c·(a + b) inside a sum: distribute the number so like terms meet
      for (const a of t.args[1].args) pending.push(mul([t.args[0], a]));
    } else {
      const [coef, rest] = splitCoefficient(t);
      const g = groups.get(rest.key);
      if (g) g.coef = g.coef.add(coef);
      else groups.set(rest.key, { rest, coef });
    }
  }
  const parts = [...groups.values()].filter((g) => !g.coef.isZero());
  if (parts.length === 0) return num(constant);
  const common = constant.isZero() && parts.length > 1 ? commonFactor(parts.map((p) => p.rest)) : null;
  if (common) return mul([common, add(parts.map((p) => mul([num(p.coef), p.rest, pow(common, MINUS_ONE)])))]);
  // the common rational factor c: Σ cᵢ tᵢ = c Σ (cᵢ/c) tᵢ, c < 0 when every term is negative
  const coefs = [...parts.map((p) => p.coef), ...(constant.isZero() ? [] : [constant])];
  let n = 0n, d = 1n;
  for (const c of coefs) {
    n = gcd(n, c.num);
    d = (d * c.den) / gcd(d, c.den);
  }
  const content = Rational.of(coefs.every((c) => c.sign() < 0) ? -n : n, d);
  const scaled = parts.map((p) => mul([num(p.coef.div(content)), p.rest]));
  scaled.sort(byOrder);
  if (!constant.isZero()) scaled.push(num(constant.div(content)));
  const sum = scaled.length === 1 ? scaled[0] : rawAdd(scaled);
  return content.num === 1n && content.den === 1n ? sum : mul([num(content), sum]);
}

/**
 * The factor every term has, B^e with e the least exponent of B over the
 * terms (all > 0): x·A − λ·x·A/q = x·A·(1 − λ/q). Null when there is none.
 */
function commonFactor(terms: readonly Expr[]): Expr | null {
  const factorsOf = (t: Expr): Map<string, { base: Expr; exp: Rational }> =>
    new Map((t.k === "mul" ? t.args : [t]).map((f) => baseAndExponent(f)).map(([base, exp]) => [base.key, { base, exp }]));
  let shared = factorsOf(terms[0]);
  for (const t of terms.slice(1)) {
    const here = factorsOf(t);
    const next = new Map<string, { base: Expr; exp: Rational }>();
    for (const [key, { base, exp }] of shared) {
      const other = here.get(key);
      if (other && exp.sign() > 0 && other.exp.sign() > 0) next.set(key, { base, exp: exp.sub(other.exp).sign() <= 0 ? exp : other.exp });
    }
    shared = next;
    if (shared.size === 0) return null;
  }
  return mul([...shared.values()].map(({ base, exp }) => pow(base, exp)));
}

/** A mathjs tree (numbers, symbols, + − × ÷ ^, sqrt) as a canonical expression. */
export function fromMathjs(node: MathNode): Expr {
  const n = node as unknown as { type: string; fn?: string | { name: string }; args?: MathNode[]; name?: string; value?: unknown; content?: MathNode };
  switch (n.type) {
    case "ConstantNode":
      if (typeof n.value !== "number") throw new RangeError(`not a number: ${String(n.value)}`);
      // read as written: mathjs's 0.5 is 1/2
      return num(Rational.parse(String(n.value)));
    case "SymbolNode":
      return sym(n.name!);
    case "ParenthesisNode":
      return fromMathjs(n.content!);
    case "FunctionNode": {
      const name = (n.fn as { name: string }).name;
      if (name !== "sqrt" || n.args!.length !== 1) throw new RangeError(`no canonical form for the function ${name}`);
      return pow(fromMathjs(n.args![0]), HALF);
    }
    case "OperatorNode": {
      const a = n.args!.map(fromMathjs);
      switch (n.fn as string) {
        case "add":
          return add(a);
        case "subtract":
          return add([a[0], mul([num(MINUS_ONE), a[1]])]);
        case "multiply":
          return mul(a);
        case "divide":
          return mul([a[0], pow(a[1], MINUS_ONE)]);
        case "unaryMinus":
          return mul([num(MINUS_ONE), a[0]]);
        case "unaryPlus":
          return a[0];
        case "pow": {
          if (a[1].k !== "num") throw new RangeError("only rational exponents have a canonical form");
          return pow(a[0], a[1].v);
        }
      }
      throw new RangeError(`no canonical form for the operator ${String(n.fn)}`);
    }
  }
  throw new RangeError(`no canonical form for ${n.type}`);
}

/** Node count: symbols, numbers and operations (a measure of size for reports). */
export function weight(e: Expr): number {
  switch (e.k) {
    case "num":
    case "sym":
      return 1;
    case "pow":
      return 1 + weight(e.base);
    default:
      return e.args.reduce((s, a) => s + weight(a), e.args.length - 1);
  }
}

/** The children of a node (for traversals). */
export function children(e: Expr): readonly Expr[] {
  return e.k === "add" || e.k === "mul" ? e.args : e.k === "pow" ? [e.base] : [];
}

/** The same node with new children, re-sorted for printing (no other rewriting: cse.ts swaps in names). */
export function withChildren(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.k) {
    case "add":
      return rawAdd([...kids].sort(byOrder));
    case "mul": {
      const sorted = [...kids].sort(byOrder);
      return rawMul([...sorted.filter((a) => a.k === "num"), ...sorted.filter((a) => a.k !== "num")]);
    }
    case "pow":
      return rawPow(kids[0], e.exp);
    default:
      return e;
  }
}
