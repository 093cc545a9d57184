/**
 * A cheap simplification of mathjs expression trees: constant folding and
 * the identities x·1 = x, x·0 = 0, x + 0 = x, x^1 = x, x^0 = 1, x/1 = x,
 * applied bottom-up in one pass, in time linear in the tree.
 *
 * The result shares no node objects (see the leaf case below).
 *
 * Why not math.simplify: on the 2×2 W-space Hessian it takes ~15 s (issue 4),
 * while mathjs's raw derivative is littered with "* 1", "+ 0" and "2 - 1"
 * that this pass removes in milliseconds. The pass is exact (it only folds
 * rational constants of the tree and neutral elements), and every derived
 * expression is compared numerically with the numeric core anyway.
 */
import type { MathNode } from "mathjs";
import { math } from "./mathjs-instance.js";

type Term = { coef: number; factors: MathNode[] };

const isConst = (n: MathNode): n is MathNode & { value: number } =>
  n.type === "ConstantNode" && typeof (n as unknown as { value: unknown }).value === "number";
const constValue = (n: MathNode): number => (n as unknown as { value: number }).value;
const constant = (v: number): MathNode =>
  v < 0 ? new math.OperatorNode("-", "unaryMinus", [new math.ConstantNode(-v)]) : new math.ConstantNode(v);
/** A constant node's value, also through a unary minus (−c). */
function numericValue(n: MathNode): number | null {
  if (isConst(n)) return constValue(n);
  if (n.type === "OperatorNode") {
    const op = n as unknown as { fn: string; args: MathNode[] };
    if (op.fn === "unaryMinus" && isConst(op.args[0])) return -constValue(op.args[0]);
  }
  return null;
}
/** Only integers and halves are folded, so folding never rounds. */
const exact = (v: number): boolean => Number.isFinite(v) && Number.isInteger(v * 2) && Math.abs(v) < 2 ** 50;

/** Flatten a product into a constant coefficient times factors. */
function productTerm(n: MathNode): Term {
  const numeric = numericValue(n);
  if (numeric !== null) return { coef: numeric, factors: [] };
  if (n.type === "OperatorNode") {
    const op = n as unknown as { fn: string; args: MathNode[] };
    if (op.fn === "multiply") {
      const a = productTerm(op.args[0]);
      const b = productTerm(op.args[1]);
      const coef = a.coef * b.coef;
      if (exact(coef)) return { coef, factors: [...a.factors, ...b.factors] };
    }
    if (op.fn === "unaryMinus") {
      const a = productTerm(op.args[0]);
      return { coef: -a.coef, factors: a.factors };
    }
    if (op.fn === "divide") {
      // (c_a · A) / (c_b · B) = (c_a / c_b) · (A / B)
      const a = productTerm(op.args[0]);
      const b = productTerm(op.args[1]);
      const coef = a.coef / b.coef;
      if (b.coef !== 0 && exact(coef)) {
        if (b.factors.length === 0) return { coef, factors: a.factors };
        const numerator = buildProduct({ coef: 1, factors: a.factors });
        return { coef, factors: [new math.OperatorNode("/", "divide", [numerator, buildProduct({ coef: 1, factors: b.factors })])] };
      }
    }
  }
  return { coef: 1, factors: [n] };
}

function buildProduct(t: Term): MathNode {
  if (t.coef === 0) return new math.ConstantNode(0);
  if (t.factors.length === 0) return constant(t.coef);
  let body = t.factors[0];
  for (let i = 1; i < t.factors.length; i++) body = new math.OperatorNode("*", "multiply", [body, t.factors[i]]);
  if (t.coef === 1) return body;
  if (t.coef === -1) return new math.OperatorNode("-", "unaryMinus", [body]);
  return new math.OperatorNode("*", "multiply", [constant(t.coef), body]);
}

/** Flatten a sum into signed terms. */
function sumTerms(n: MathNode, sign: number, out: { constant: number; terms: MathNode[]; signs: number[] }): void {
  if (n.type === "OperatorNode") {
    const op = n as unknown as { fn: string; args: MathNode[] };
    if (op.fn === "add" || op.fn === "subtract") {
      sumTerms(op.args[0], sign, out);
      sumTerms(op.args[1], op.fn === "add" ? sign : -sign, out);
      return;
    }
    if (op.fn === "unaryMinus") {
      sumTerms(op.args[0], -sign, out);
      return;
    }
  }
  const v = numericValue(n);
  if (v !== null && exact(out.constant + sign * v)) {
    out.constant += sign * v;
    return;
  }
  out.terms.push(n);
  out.signs.push(sign);
}

function buildSum(n: MathNode): MathNode {
  const acc = { constant: 0, terms: [] as MathNode[], signs: [] as number[] };
  sumTerms(n, 1, acc);
  let body: MathNode | null = null;
  for (let i = 0; i < acc.terms.length; i++) {
    const t = acc.terms[i];
    if (body === null) body = acc.signs[i] > 0 ? t : new math.OperatorNode("-", "unaryMinus", [t]);
    else body = new math.OperatorNode(acc.signs[i] > 0 ? "+" : "-", acc.signs[i] > 0 ? "add" : "subtract", [body, t]);
  }
  if (body === null) return constant(acc.constant);
  if (acc.constant > 0) return new math.OperatorNode("+", "add", [body, constant(acc.constant)]);
  if (acc.constant < 0) return new math.OperatorNode("-", "subtract", [body, constant(-acc.constant)]);
  return body;
}

/** Simplify bottom-up; see the file comment for the rules. */
export function tidy(node: MathNode): MathNode {
  switch (node.type) {
    case "ParenthesisNode":
      return tidy((node as unknown as { content: MathNode }).content);
    case "FunctionNode": {
      const f = node as unknown as { fn: MathNode; args: MathNode[] };
      return new math.FunctionNode(f.fn as never, f.args.map(tidy));
    }
    case "OperatorNode": {
      const op = node as unknown as { op: string; fn: string; args: MathNode[] };
      const args = op.args.map(tidy);
      switch (op.fn) {
        case "add":
        case "subtract":
          return buildSum(new math.OperatorNode(op.op as never, op.fn as never, args));
        case "unaryMinus":
        case "multiply":
          return buildProduct(productTerm(new math.OperatorNode(op.op as never, op.fn as never, args)));
        case "unaryPlus":
          return args[0];
        case "divide": {
          const [a, b] = args;
          if (numericValue(a) === 0) return new math.ConstantNode(0);
          if (numericValue(b) === 1) return a;
          return buildProduct(productTerm(new math.OperatorNode("/", "divide", [a, b])));
        }
        case "pow": {
          const [a, b] = args;
          const vb = numericValue(b);
          if (vb === 1) return a;
          if (vb === 0) return new math.ConstantNode(1);
          const va = numericValue(a);
          if (va !== null && vb !== null && Number.isInteger(vb) && vb > 0 && exact(va ** vb)) return constant(va ** vb);
          return new math.OperatorNode("^", "pow", [a, b]);
        }
        default:
          return new math.OperatorNode(op.op as never, op.fn as never, args);
      }
    }
    default:
      // A fresh leaf: mathjs's product rule tells factors apart by object
      // identity (argInner === argOuter), so a tree that shares one SymbolNode
      // between two factors of a product is differentiated wrongly. The
      // cross-check caught exactly that: d/dw2 (2·w2·w2·w1) came back as 4·w1.
      return node.clone();
  }
}
