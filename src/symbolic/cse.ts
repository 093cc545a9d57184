/**
 * Common-subexpression elimination for printed derivatives (issue 14, item 6),
 * in the manner of SymPy's `cse`: over the canonical expressions of expr.ts,
 * a subexpression that occurs more than once (counted as SymPy does: a
 * repeated node's own children are not counted again) and is worth a name is
 * defined once, children before parents, and replaced by its name.
 *
 * Names: the closed form's own building blocks keep their names whenever
 * they occur (closed-forms.ts: d = √(det Σ · det Σ0), q = √(tr(Σ Σ0) + 2d),
 * PAPER.md §5); the rest are u1, u2, … in order of definition. Before
 * counting, products are rewritten so that shared parts are single nodes
 * (productRewriter): where √B occurs, every integer power B^k becomes
 * (√B)^(2k) (B ≥ 0 wherever √B is real), so 1/B reads 1/q² once √B is q.
 */
import type { MathNode } from "mathjs";
import { baseAndExponent, children, fromMathjs, integerMultiple, rawPow, sym, weight, withChildren, type Expr } from "./expr.js";
import { Rational } from "./rational.js";

/** A named subexpression: `name = expr`, expr in terms of earlier names. */
export type Definition = { name: string; expr: Expr };

export type Named = {
  /** In order: each refers only to variables, parameters and earlier names. */
  definitions: Definition[];
  /** The inputs, in the same order, in terms of the names. */
  outputs: Expr[];
};

export type Seed = { name: string; expr: Expr };

const isSqrt = (e: Expr): e is Expr & { k: "pow" } => e.k === "pow" && e.exp.num === 1n && e.exp.den === 2n;

/**
 * Worth a name (judged with its own parts already named): not a symbol or
 * number, not a power of a symbol (1/q, q², √d), not a monomial in at most
 * two symbols (−w12·w21, w1²w2²), and a square root or at least 5 nodes.
 */
function worthNaming(e: Expr): boolean {
  if (e.k === "num" || e.k === "sym") return false;
  if (e.k === "pow" && e.base.k === "sym") return false;
  const monomialFactor = (f: Expr) => f.k === "num" || f.k === "sym" || (f.k === "pow" && f.base.k === "sym");
  if (e.k === "mul" && e.args.every(monomialFactor) && e.args.filter((f) => f.k !== "num").length <= 2) return false;
  if (isSqrt(e)) return true;
  return weight(e) >= 5;
}

const isMonomial = (e: Expr): boolean =>
  e.k === "mul" && e.args.length >= 3 && e.args.every((f) => f.k === "sym" || (f.k === "pow" && f.base.k === "sym" && f.exp.den === 1n));

/**
 * Rewrites products so that repeated parts become one node, before counting:
 *   - B^k (k an integer) as (√B)^(2k) for every B whose √B occurs, so a name
 *     q = √B also covers 1/B = q^(−2); when B is a product, its factors are
 *     recognised inside a larger product too (λ^(−1)·(τ + P²)^(−1) is q^(−2)
 *     for q = √(λ(τ + P²)));
 *   - a monomial M of three or more symbols that occurs on its own (P² =
 *     w1²w2²w3²) inside a larger product: λ·w1⁴w2⁴w3⁴/q = λ·M²/q.
 * Matching is on the canonical keys of the untouched nodes; what is emitted
 * is rewritten the same way.
 */
function productRewriter(roots: Map<string, Expr>, monomials: readonly Expr[]): (e: Expr) => Expr {
  const memo = new Map<string, Expr>();
  const two = Rational.of(2);
  const rootPow = (root: Expr, k: Rational): Expr => rawPow(rewrite(root), k.mul(two));
  type Part = { whole: Expr; factors: [Expr, Rational][]; emit: (k: Rational) => Expr };
  const parts: Part[] = [
    ...[...roots.values()]
      .map((r) => (r as Expr & { k: "pow" }).base)
      .filter((b): b is Expr & { k: "mul" } => b.k === "mul" && b.args.every((f) => f.k !== "num"))
      .map((b) => ({ whole: b as Expr, factors: b.args.map(baseAndExponent), emit: (k: Rational) => rootPow(roots.get(b.key)!, k) })),
    ...monomials.map((m) => ({
      whole: m,
      factors: (m as Expr & { k: "mul" }).args.map(baseAndExponent),
      emit: (k: Rational) => (k.num === 1n && k.den === 1n ? rewrite(m) : rawPow(rewrite(m), k)),
    })),
  ].sort((a, b) => b.factors.length - a.factors.length);
  function rewrite(e: Expr): Expr {
    const hit = memo.get(e.key);
    if (hit) return hit;
    let out: Expr;
    if (e.k === "pow" && e.exp.den === 1n && roots.has(e.base.key)) out = rootPow(roots.get(e.base.key)!, e.exp);
    else if (e.k === "mul") {
      let rest = [...e.args];
      const made: Expr[] = [];
      for (const { whole, factors, emit } of parts) {
        if (whole.key === e.key) continue; // the part itself
        const have = new Map(rest.map((f) => [baseAndExponent(f), f] as const).map(([[b, exp], f]) => [b.key, { f, exp }]));
        const k = integerMultiple((key) => have.get(key)?.exp, factors);
        if (k === null) continue;
        const used = new Set(factors.map(([b]) => have.get(b.key)!.f));
        rest = rest.filter((f) => !used.has(f));
        made.push(emit(k));
      }
      const kids = rest.map((c) => (roots.has(c.key) ? rootPow(roots.get(c.key)!, Rational.ONE) : rewrite(c)));
      const all = [...kids, ...made];
      out = all.length === 1 ? all[0] : withChildren(e, all);
    } else {
      const kids = children(e);
      out = kids.length ? withChildren(e, kids.map(rewrite)) : e;
    }
    memo.set(e.key, out);
    return out;
  }
  return rewrite;
}

export function cse(inputs: readonly Expr[], opts: { seeds?: readonly Seed[]; reserved?: readonly string[] } = {}): Named {
  // every √B that occurs, by the key of B, and every monomial of three or more symbols
  const roots = new Map<string, Expr>();
  const monomials = new Map<string, Expr>();
  const collect = (e: Expr): void => {
    if (isSqrt(e)) roots.set(e.base.key, e);
    if (isMonomial(e)) monomials.set(e.key, e);
    children(e).forEach(collect);
  };
  inputs.forEach(collect);
  const shareProducts = productRewriter(roots, [...monomials.values()]);
  const exprs = inputs.map(shareProducts);

  const count = new Map<string, number>();
  const node = new Map<string, Expr>();
  const order: string[] = [];
  const visit = (e: Expr): void => {
    if (e.k === "num" || e.k === "sym") return;
    const c = (count.get(e.key) ?? 0) + 1;
    count.set(e.key, c);
    if (c > 1) return;
    node.set(e.key, e);
    children(e).forEach(visit);
    order.push(e.key); // post-order: children before parents
  };
  exprs.forEach(visit);

  const seedName = new Map((opts.seeds ?? []).map((s) => [shareProducts(s.expr).key, s.name]));
  const taken = new Set([...(opts.reserved ?? []), ...(opts.seeds ?? []).map((s) => s.name)]);
  const names = new Map<string, string>();
  // a node with its children replaced by their names (children are decided first: post-order)
  const bodies = new Map<string, Expr>();
  const ref = (e: Expr): Expr => (names.has(e.key) ? sym(names.get(e.key)!) : (bodies.get(e.key) ?? e));
  let next = 1;
  for (const key of order) {
    const e = node.get(key)!;
    const body = children(e).length ? withChildren(e, children(e).map(ref)) : e;
    bodies.set(key, body);
    const seeded = seedName.get(key);
    if (seeded !== undefined && worthNaming(body)) names.set(key, seeded);
    else if ((count.get(key) ?? 0) > 1 && worthNaming(body)) {
      while (taken.has(`u${next}`)) next++;
      names.set(key, `u${next}`);
      taken.add(`u${next}`);
    }
  }
  const definitions = order.filter((k) => names.has(k)).map((k) => ({ name: names.get(k)!, expr: bodies.get(k)! }));
  return { definitions, outputs: exprs.map((e) => bodies.get(e.key) ?? e) };
}

/** Seeds given in mathjs syntax (closed-forms.ts definitions). */
export function seedsFrom(defs: readonly { name: string; expr: string }[], parse: (text: string) => MathNode): Seed[] {
  return defs.map((d) => ({ name: d.name, expr: fromMathjs(parse(d.expr)) }));
}
