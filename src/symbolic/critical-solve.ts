/**
 * Claim C5 for n = 2, k = 1, solved exactly (issue 4): all W ∈ R^{2×1} with
 * ∇L(W) = 0 (or ∇L_τ(W) = 0) for Σ0 = diag(λ1, λ2) = diag(a11, a22).
 *
 * Method (every step exact, on polynomials with rational coefficients):
 *  1. mathjs's gradient → numerators N_i, each square root a symbol r_k with
 *     r_k² = R_k (polynomial.ts); denominators are products of roots, > 0
 *     wherever L is differentiable.
 *  2. Each N_i = w_i^{k_i} Q_i (for a diagonal target the loss depends on w_i
 *     through w_i² only). Case split on the support J = {i : w_i ≠ 0}:
 *     w_i = 0 off J, Q_i = 0 on J.
 *  3. Eliminate the roots, outermost first: two equations A_1 + B_1 r = 0,
 *     A_2 + B_2 r = 0 give A_1 B_2 − A_2 B_1 = 0; one equation gives
 *     A² − B² R = 0 (squaring may add roots, removed in step 5).
 *  4. Factor the remaining polynomials (nerdamer) and solve (nerdamer) for
 *     the one unknown when |J| = 1; when no unknown can vanish — every factor
 *     is positive (positive coefficients, even powers, a positive constant
 *     term, parameters > 0) or depends on the parameters only (zero only on
 *     a parameter set excluded by the hypotheses, e.g. λ1 = λ2) — the case
 *     has no solution.
 *  5. Check every candidate with the numeric core at random parameters
 *     (nerdamer is never trusted unchecked): spurious or complex roots are
 *     dropped and listed.
 */
import { bwTarget } from "../bures/target.js";
import { frobeniusNorm } from "../linalg/ops.js";
import { fromRows } from "../linalg/matrix.js";
import { rng } from "../linalg/random.js";
import { wForm, type ClosedForm } from "./closed-forms.js";
import { deriveWithMathjs } from "./mathjs-engine.js";
import { math } from "./mathjs-instance.js";
import { nerdamer } from "./nerdamer-engine.js";
import { Rational } from "./rational.js";
import { eliminateRadical, Poly, reduceModRadical, toRationalFunction, type Radical } from "./polynomial.js";

export type CriticalSolution = {
  /** Variables that are nonzero at the solution. */
  support: string[];
  /** Each variable's exact value (nerdamer text, mathjs-parsable). */
  values: Record<string, string>;
  /** Where the root is real, e.g. "a11 - tau > 0". */
  condition: string | null;
  /** The exact critical value L(W) (or L_τ(W)), e.g. "a22" or "(sqrt(a22) - sqrt(tau))^2". */
  value: string;
  /** Largest ‖∇L‖ / (1 + ‖W‖), and |value − L(W)| / (1 + |L|), found with the numeric core over the sample targets. */
  residual: number;
};

export type CaseReport = {
  support: string[];
  /** The polynomial equations after eliminating the roots. */
  polynomials: string[];
  outcome: "solutions" | "none" | "not-differentiable" | "unresolved";
  reason: string;
  rejected: { values: Record<string, string>; why: string }[];
};

export type CriticalSolve = {
  form: string;
  variables: string[];
  parameters: string[];
  /** The hypotheses the classification uses. */
  assumptions: string[];
  solutions: CriticalSolution[];
  cases: CaseReport[];
  /** Human-readable solution set, e.g. "W = ±sqrt(a11) e_1, W = ±sqrt(a22) e_2". */
  summary: string;
};

/** All subsets of the variables, smallest first. */
function supports(vars: string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 0; mask < 1 << vars.length; mask++) out.push(vars.filter((_, i) => mask & (1 << i)));
  return out.sort((a, b) => a.length - b.length);
}

/** p with the variables in `zero` set to 0 (radicals keep their symbols). */
function atZero(p: Poly, zero: string[]): Poly {
  return zero.reduce((acc, v) => acc.substitute(v, Poly.ZERO), p);
}

/** Split a nerdamer-factored product into its factors (as polynomials). */
function factorsOf(p: Poly): Poly[] {
  const text = nerdamer.factor(p.toString()).toString();
  const node = math.parse(text);
  const flat: import("mathjs").MathNode[] = [];
  const walk = (n: import("mathjs").MathNode) => {
    const op = n as unknown as { type: string; fn?: string; args?: import("mathjs").MathNode[]; content?: import("mathjs").MathNode };
    if (op.type === "ParenthesisNode") return walk(op.content!);
    if (op.type === "OperatorNode" && op.fn === "multiply") return op.args!.forEach(walk);
    flat.push(n);
  };
  walk(node);
  const factors = flat.map((f) => toRationalFunction(f, []).num);
  // the factorisation is checked, not trusted: the product must give p back
  const product = factors.reduce((a, b) => a.mul(b), Poly.ONE);
  const ratio = product.sub(p).isZero() || product.add(p).isZero();
  if (!ratio) throw new Error(`nerdamer's factorisation of ${p} does not multiply back`);
  return factors;
}

type FactorKind = "nonzero" | "distinct-eigenvalues" | "other";

/**
 * Whether a factor can vanish under the hypotheses (parameters > 0, a11 ≠ a22):
 * "nonzero" when ± the factor has positive coefficients, even powers of the
 * unknowns and a term free of them (a sum of nonnegative terms, one positive);
 * "distinct-eigenvalues" for c·(a11 − a22); "other" otherwise (undecided).
 */
function classify(f: Poly, unknowns: string[]): FactorKind {
  const signed = [...f.terms.values()][0]?.sign() < 0 ? f.neg() : f;
  let positive = signed.allCoefficientsPositive();
  let freeTerm = false;
  for (const key of signed.terms.keys()) {
    const powers = key === "" ? [] : key.split("*").map((t) => t.split("^"));
    if (powers.some(([s, e]) => unknowns.includes(s) && Number(e) % 2 !== 0)) positive = false;
    if (!powers.some(([s]) => unknowns.includes(s))) freeTerm = true;
  }
  if (positive && freeTerm) return "nonzero";
  const c11 = f.terms.get("a11^1"), c22 = f.terms.get("a22^1");
  if (f.terms.size === 2 && c11 && c22 && c11.add(c22).isZero()) return "distinct-eigenvalues";
  return "other";
}

/** Random targets satisfying the hypotheses (distinct λ, 0 < τ < min λ), for the numeric check of candidates. */
function sampleParameters(form: ClosedForm, count: number, seed: number): Record<string, number>[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const a11 = 0.5 + 2.5 * r.next();
    let a22 = 0.5 + 2.5 * r.next();
    if (Math.abs(a22 - a11) < 0.1) a22 += 0.2;
    const s: Record<string, number> = { a11, a22 };
    if (form.tau) s.tau = Math.min(a11, a22) * (0.05 + 0.9 * r.next());
    return s;
  });
}

export function solveCriticalPoints(opts: { tau?: boolean; seed?: number } = {}): CriticalSolve {
  const form = wForm(1, { diagonal: true, tau: !!opts.tau });
  const vars = form.variables;
  const d = deriveWithMathjs(form, { hessian: false });
  const radicals: Radical[] = [];
  const numerators = d.gradient.map((g) => toRationalFunction(g, radicals).num);
  const lossPoly = toRationalFunction(d.loss, radicals).num; // the same roots as the gradient's
  const assumptions = ["a11 > 0", "a22 > 0", "a11 != a22 (distinct eigenvalues)", ...(form.tau ? ["tau > 0"] : [])];
  const samples = sampleParameters(form, 20, opts.seed ?? 20230303);
  const solutions: CriticalSolution[] = [];
  const cases: CaseReport[] = [];

  for (const J of supports(vars)) {
    const zero = vars.filter((v) => !J.includes(v));
    const rads = radicals.map((r) => ({ ...r, radicand: atZero(r.radicand, zero) }));
    const report: CaseReport = { support: J, polynomials: [], outcome: "none", reason: "", rejected: [] };
    cases.push(report);
    const degenerate = rads.find((r) => r.radicand.isZero());
    if (degenerate) {
      report.outcome = "not-differentiable";
      report.reason = `sqrt(${degenerate.text}) vanishes here and divides the gradient: L is not differentiable`;
      continue;
    }
    let eqs: Poly[] = [];
    vars.forEach((v, i) => {
      const k = numerators[i].multiplicityOf(v);
      if (J.includes(v)) eqs.push(atZero(numerators[i].divideBySymbolPower(v, k), zero));
      else if (k === 0) eqs.push(atZero(numerators[i], zero));
    });
    eqs = eqs.filter((e) => !e.isZero());
    if (J.length === 1 && eqs.length === 1) {
      solveOnAxis(form, eqs[0], atZero(lossPoly, zero), J[0], rads, samples, solutions, report);
      continue;
    }
    eqs = eliminateRadicals(eqs, rads);
    report.polynomials = eqs.map((e) => e.toString());
    if (J.length === 0) {
      if (eqs.length === 0) {
        report.outcome = "solutions";
        report.reason = "every gradient entry carries its own variable as a factor";
        const value = onAxis(form, null, rads);
        const loss = value && value.toPolynomial(atZero(lossPoly, zero));
        pushChecked(form, samples, solutions, report, Object.fromEntries(vars.map((v) => [v, "0"])), J, null, loss ? valueText(loss) : "unresolved");
      } else {
        report.reason = "a nonzero constant equation";
      }
      continue;
    }
    // a polynomial no factor of which can vanish rules the case out
    const blocking = eqs
      .map((e) => ({ e, kinds: factorsOf(e).map((f) => classify(f, J)) }))
      .find(({ kinds }) => kinds.every((k) => k !== "other"));
    if (blocking) {
      const distinct = blocking.kinds.includes("distinct-eigenvalues");
      report.reason = `${blocking.e} = 0 has no solution: every factor is nonzero for positive parameters${distinct ? ", and a11 - a22 ≠ 0 (distinct eigenvalues)" : ""}`;
      continue;
    }
    report.outcome = "unresolved";
    report.reason = "the elimination left equations this solver cannot decide";
  }
  return {
    form: form.name,
    variables: vars,
    parameters: form.parameters,
    assumptions,
    solutions,
    cases,
    summary: summarize(solutions, vars),
  };
}


/** Eliminate the roots, outermost (registered last) first. */
function eliminateRadicals(equations: Poly[], rads: Radical[]): Poly[] {
  let eqs = equations;
  for (const r of [...rads].reverse()) {
    const withR = eqs.filter((e) => e.degreeIn(r.symbol) > 0);
    if (withR.length === 0) continue;
    const rest = eqs.filter((e) => e.degreeIn(r.symbol) === 0);
    const [A1, B1] = reduceModRadical(withR[0], r);
    const combined = withR.slice(1).map((e) => {
      const [A, B] = reduceModRadical(e, r);
      return A1.mul(B).sub(A.mul(B1));
    });
    eqs = [...rest, ...combined, eliminateRadical(withR[0], r)].filter((e) => !e.isZero());
  }
  return eqs;
}

/** p with sym^(2k) replaced by square^k; null when sym occurs to an odd power. */
function substituteSquare(p: Poly, sym: string, square: Poly): Poly | null {
  const cs = p.coefficientsIn(sym);
  let out = Poly.ZERO;
  for (let e = 0; e < cs.length; e++) {
    if (cs[e].isZero()) continue;
    if (e % 2 !== 0) return null;
    out = out.add(cs[e].mul(square.pow(e / 2)));
  }
  return out;
}

/** The parameters as squares of positive symbols: a11 = al², a22 = be², tau = t². */
const ROOT_OF: Record<string, string> = { a11: "al", a22: "be", tau: "t" };

/**
 * One unknown x (the other variable 0): with the parameters written as
 * squares and p = √(x² + τ) > 0 (p = |x| when τ = 0), every root on this axis
 * is a polynomial, so Q(x) = 0 becomes a polynomial equation in p, solved
 * exactly (degree ≤ 2, discriminant's root taken exactly). Back-substitution
 * gives x = ±√(p² − τ).
 */
/**
 * Polynomials on an axis (the unknown x, or none at W = 0): the parameters
 * as squares, x² = p² − τ, and every root replaced by its exact polynomial
 * square root in (al, be, t, p); null when a root is not a polynomial there.
 */
function onAxis(form: ClosedForm, x: string | null, rads: Radical[]): { toPolynomial(poly: Poly): Poly | null } | null {
  const p = Poly.symbol("p");
  const t = Poly.symbol("t");
  const xSquared = form.tau ? p.mul(p).sub(t.mul(t)) : p.mul(p);
  const reparam = (poly: Poly): Poly | null => {
    let out: Poly | null = poly;
    for (const [param, root] of Object.entries(ROOT_OF)) {
      const r = Poly.symbol(root);
      out = out.substitute(param, r.mul(r));
    }
    return x ? substituteSquare(out, x, xSquared) : out;
  };
  const roots = new Map<string, Poly>();
  for (const r of rads) {
    let radicand = reparam(r.radicand);
    for (const [sym, q] of roots) radicand = radicand && radicand.substitute(sym, q);
    const q = radicand?.sqrt();
    if (!q || !q.allCoefficientsPositive()) return null;
    roots.set(r.symbol, q);
  }
  return {
    toPolynomial(poly: Poly): Poly | null {
      let out = reparam(poly);
      for (const [sym, q] of roots) out = out && out.substitute(sym, q);
      return out;
    },
  };
}

/** A polynomial in al = √a11, be = √a22, t = √tau as text in the original parameters. */
function valueText(v: Poly): string {
  let even: Poly | null = v;
  for (const [param, root] of Object.entries(ROOT_OF)) even = even && substituteSquare(even, root, Poly.symbol(param));
  if (even) return even.toString();
  const named = (q: Poly) =>
    q
      .toString()
      .replace(/\b(al|be|t)\b/g, (m) => `sqrt(${Object.keys(ROOT_OF).find((k) => ROOT_OF[k] === m)})`)
      .replace(/sqrt\((\w+)\)\^2/g, "$1");
  const root = v.sqrt();
  return root ? `(${named(root)})^2` : named(v);
}

/**
 * One unknown x (the other variable 0): with the parameters written as
 * squares and p = √(x² + τ) > 0 (p = |x| when τ = 0), every root on this axis
 * is a polynomial, so Q(x) = 0 becomes a polynomial equation in p, solved
 * exactly (degree ≤ 2, discriminant's root taken exactly). Back-substitution
 * gives x = ±√(p² − τ), and the loss at p its exact critical value.
 */
function solveOnAxis(
  form: ClosedForm,
  Q: Poly,
  lossOnAxis: Poly,
  x: string,
  rads: Radical[],
  samples: Record<string, number>[],
  solutions: CriticalSolution[],
  report: CaseReport,
): void {
  const t = Poly.symbol("t");
  const fail = (why: string) => {
    report.outcome = "unresolved";
    report.reason = why;
  };
  const axis = onAxis(form, x, rads);
  if (!axis) return fail(`a root is not a polynomial after p = sqrt(${x}^2${form.tau ? " + tau" : ""})`);
  let eq = axis.toPolynomial(Q);
  const loss = axis.toPolynomial(lossOnAxis);
  if (!eq || !loss) return fail(`${x} occurs to odd powers`);
  // al, be, t, p > 0: a monomial factor never vanishes
  eq = eq.divideByMonomial(eq.monomialContent());
  report.polynomials = [`${eq} = 0  (a11 = al^2, a22 = be^2${form.tau ? ", tau = t^2" : ""}, p = sqrt(${x}^2${form.tau ? " + tau" : ""}))`];
  const [C, B, A] = [...eq.coefficientsIn("p"), Poly.ZERO, Poly.ZERO];
  if (eq.degreeIn("p") > 2) return fail(`degree ${eq.degreeIn("p")} in p`);
  const candidates: { num: Poly; den: Poly }[] = [];
  if (eq.degreeIn("p") === 1) candidates.push({ num: C.neg(), den: B });
  else if (eq.degreeIn("p") === 2) {
    const D = B.mul(B).sub(A.mul(C).mul(Poly.constant(Rational.of(4n)))).sqrt();
    if (!D) return fail(`the discriminant of ${eq} is not a square`);
    for (const sign of [1, -1]) candidates.push({ num: B.neg().add(sign > 0 ? D : D.neg()), den: A.add(A) });
  } else {
    report.reason = `${eq} = 0 has no solution with p > 0 (no p left after removing positive monomials)`;
    return;
  }
  report.outcome = "solutions";
  for (const { num, den } of candidates) {
    const negative =
      (num.neg().allCoefficientsPositive() && den.allCoefficientsPositive()) || (num.allCoefficientsPositive() && den.neg().allCoefficientsPositive());
    if (num.isZero() || negative) {
      report.rejected.push({ values: { p: `(${num}) / (${den})` }, why: `p = sqrt(${x}^2${form.tau ? " + tau" : ""}) must be positive` });
      continue;
    }
    const content = den.monomialContent();
    const denRest = den.divideByMonomial(content);
    const [[key, c]] = [...denRest.terms];
    if (denRest.terms.size !== 1 || key !== "") return fail(`root ${num}/(${den}) is not a polynomial`);
    const numContent = num.monomialContent();
    if (Object.entries(content).some(([sym, e]) => (numContent[sym] ?? 0) < e)) return fail(`root ${num}/(${den}) is not a polynomial`);
    const rho = num.divideByMonomial(content).mul(Poly.constant(Rational.ONE.div(c)));
    // x² = ρ² − τ, back in the original parameters
    let x2: Poly | null = form.tau ? rho.mul(rho).sub(t.mul(t)) : rho.mul(rho);
    for (const [param, root] of Object.entries(ROOT_OF)) x2 = x2 && substituteSquare(x2, root, Poly.symbol(param));
    if (!x2) return fail(`x^2 = ${rho}^2${form.tau ? " - tau" : ""} is not a polynomial in the parameters`);
    const magnitude = `sqrt(${x2})`;
    const condition = x2.allCoefficientsPositive() ? null : `${x2} > 0`;
    const value = valueText(loss.substitute("p", rho));
    report.reason += `${report.reason ? "; " : ""}p = ${rho}, so ${x}^2 = ${x2}, value ${value}`;
    for (const v of [magnitude, `-${magnitude}`])
      pushChecked(form, samples, solutions, report, Object.fromEntries(form.variables.map((w) => [w, w === x ? v : "0"])), [x], condition, value);
  }
}

/** Keep a candidate only if the numeric core's gradient vanishes there for every sample target where it is real. */
function pushChecked(
  form: ClosedForm,
  samples: Record<string, number>[],
  solutions: CriticalSolution[],
  report: CaseReport,
  values: Record<string, string>,
  support: string[],
  condition: string | null,
  value: string,
): void {
  let residual = 0;
  let realSomewhere = false;
  for (const s of samples) {
    const w = form.variables.map((v) => math.evaluate(values[v], s) as unknown);
    if (w.some((x) => typeof x !== "number" || !Number.isFinite(x))) continue;
    realSomewhere = true;
    const W = fromRows((w as number[]).map((x) => [x]));
    const target = bwTarget([
      [s.a11, 0],
      [0, s.a22],
    ]);
    const g = target.grad(W, { tau: s.tau ?? 0 });
    residual = Math.max(residual, frobeniusNorm(g) / (1 + frobeniusNorm(W)));
    // the exact value too, when there is one
    const loss = target.loss(W, { tau: s.tau ?? 0 });
    if (value !== "unresolved") residual = Math.max(residual, Math.abs((math.evaluate(value, s) as number) - loss) / (1 + Math.abs(loss)));
  }
  if (!realSomewhere) {
    report.rejected.push({ values, why: "complex for every sample target" });
    return;
  }
  if (!(residual <= 1e-12)) {
    report.rejected.push({ values, why: `spurious (from squaring): ‖∇L‖ = ${residual.toExponential(2)} there` });
    return;
  }
  solutions.push({ support, values, condition, value, residual });
}

function summarize(solutions: CriticalSolution[], vars: string[]): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const s of solutions) {
    const x = s.support[0];
    if (!x) {
      parts.push("W = 0");
      continue;
    }
    const magnitude = s.values[x].replace(/^-/, "").replace(/^\((.*)\)$/, "$1");
    const key = `${x}:${magnitude}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const both = solutions.some((t) => t !== s && t.support[0] === x && t.values[x].replace(/^-/, "").replace(/^\((.*)\)$/, "$1") === magnitude);
    const e = `e_${vars.indexOf(x) + 1}`;
    parts.push(`W = ${both ? "±" : ""}${magnitude} ${e}${s.condition ? ` (real when ${s.condition})` : ""}`);
  }
  return parts.join(", ");
}
