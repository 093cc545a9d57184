/**
 * Claim C7 derived exactly (issue 4): the leading exponent p of
 * ‖∇²(ε)‖ ≍ ε^p along the curves of PAPER.md §4/§5, read off the symbolic
 * Hessian by exact series evaluation (series.ts), not fitted.
 *
 *   Σ-space   Σ_ε = diag(1, ε),                 Σ0 = diag(4, 1):  p = −3/2
 *   W-space   W_ε = [[1, 0, 0], [0, ε, 0]],      Σ0 = diag(4, 1):  p = −1
 *   L_τ       the same curves, τ = 1/3,          Σ0 = diag(3, 3/4): p = 0
 *
 * The targets are chosen so every square root on the curve has a rational
 * leading coefficient (e.g. with τ: a(1+τ) = 4 and bτ = 1/4); the exponents
 * do not depend on that choice (the property suites sample other targets).
 * The spectral norm of a Hessian whose entries are c_ij ε^{p_ij} + … behaves
 * like ‖C‖₂ ε^p with p = min p_ij and C the matrix of coefficients of the
 * entries attaining the minimum (C ≠ 0 by construction).
 */
import { fromRows } from "../linalg/matrix.js";
import { symmetricEigenvalues } from "../linalg/eigen.js";
import { sigmaForm, wForm, type ClosedForm } from "./closed-forms.js";
import { compileDerivatives, type Scope } from "./compiled.js";
import { deriveWithMathjs, type SymbolicDerivatives } from "./mathjs-engine.js";
import { Rational } from "./rational.js";
import { evaluateSeries, PrecisionError, Series, SeriesArithmetic } from "./series.js";

export type BlowUpCurve = {
  id: string;
  description: string;
  form: ClosedForm;
  /** Variables and parameters as series in δ. */
  values: Record<string, Series>;
  /** ε = δ^k: k = 2 where half powers of ε occur (Σ-space), else 1. */
  deltaPower: number;
  /** The exponent the paper states. */
  expected: string;
  /** The point at a given ε, in floating point (for spot checks). */
  at(epsilon: number): Scope;
};

export type EntryExponent = { i: number; j: number; exponent: string; coefficient: string };

export type BlowUp = {
  curve: string;
  description: string;
  /** Leading exponent p of ‖H(ε)‖₂ ≍ ‖C‖₂ ε^p, as an exact rational. */
  exponent: string;
  exponentValue: number;
  expected: string;
  /** ‖C‖₂ (floating point; C's entries are exact rationals). */
  leadingNorm: number;
  /** Entries attaining the leading exponent, with their exact coefficients. */
  leadingEntries: EntryExponent[];
  entries: EntryExponent[];
  terms: number;
};

const q = (text: string): Series => Series.constant(Rational.parse(text));
const delta = (power = 1): Series => Series.monomial(Rational.ONE, power);

function diagonalTarget(a11: string, a22: string, form: ClosedForm): Record<string, Series> {
  const out: Record<string, Series> = { a11: q(a11), a22: q(a22) };
  if (!form.diagonal) out.a12 = q("0");
  return out;
}

/** The four C7 curves: Σ-space and W-space, each with L and L_τ. */
export function c7Curves(): BlowUpCurve[] {
  const curves: BlowUpCurve[] = [];
  for (const tau of [false, true]) {
    const [a11, a22] = tau ? ["3", "3/4"] : ["4", "1"];
    const tauValues: Record<string, Series> = tau ? { tau: q("1/3") } : {};
    const tauScope: Scope = tau ? { tau: 1 / 3 } : {};
    const s = sigmaForm({ tau });
    curves.push({
      id: tau ? "sigma-tau" : "sigma",
      description: `${tau ? "B²(Σ_ε + τI, Σ0), τ = 1/3" : "B²(Σ_ε, Σ0)"}, Σ_ε = diag(1, ε), Σ0 = diag(${a11}, ${a22})`,
      form: s,
      values: { s11: q("1"), s12: q("0"), s22: delta(tau ? 1 : 2), ...diagonalTarget(a11, a22, s), ...tauValues },
      deltaPower: tau ? 1 : 2,
      expected: tau ? "0" : "-3/2",
      at: (e) => ({ s11: 1, s12: 0, s22: e, a11: Rational.parse(a11).toNumber(), a12: 0, a22: Rational.parse(a22).toNumber(), ...tauScope }),
    });
    const w = wForm(3, { tau });
    const zero = q("0");
    curves.push({
      id: tau ? "W-tau" : "W",
      description: `${tau ? "L_τ, τ = 1/3" : "L"} at W_ε = [[1, 0, 0], [0, ε, 0]], Σ0 = diag(${a11}, ${a22})`,
      form: w,
      values: { w11: q("1"), w12: zero, w13: zero, w21: zero, w22: delta(), w23: zero, ...diagonalTarget(a11, a22, w), ...tauValues },
      deltaPower: 1,
      expected: tau ? "0" : "-1",
      at: (e) => ({ w11: 1, w12: 0, w13: 0, w21: 0, w22: e, w23: 0, a11: Rational.parse(a11).toNumber(), a12: 0, a22: Rational.parse(a22).toNumber(), ...tauScope }),
    });
  }
  return curves;
}

function reduced(num: number, den: number): string {
  return Rational.of(num, den).toString();
}

/** Exact leading exponents of the Hessian along a curve (retrying with more series terms when cancellation needs them). */
export function hessianBlowUp(curve: BlowUpCurve, derivatives?: SymbolicDerivatives): BlowUp {
  const d = derivatives ?? deriveWithMathjs(curve.form);
  if (!d.hessian) throw new Error("hessianBlowUp needs the Hessian");
  for (let terms = 4; terms <= 64; terms *= 2) {
    try {
      const ar = new SeriesArithmetic(terms);
      const entries: EntryExponent[] = [];
      const leadByEntry: { i: number; j: number; v: number; c: Rational }[] = [];
      const vanishing: { i: number; j: number; prec: number }[] = [];
      const dim = d.hessian.length;
      for (let i = 0; i < dim; i++)
        for (let j = 0; j < dim; j++) {
          const s = evaluateSeries(d.hessian[i][j], curve.values, ar);
          const lead = s.leading();
          if (!lead) {
            // zero on the curve (exactly, or to O(δ^prec)): harmless when prec exceeds the leading exponent
            if (s.prec !== Infinity) vanishing.push({ i, j, prec: s.prec });
            continue;
          }
          leadByEntry.push({ i, j, v: lead.exponent, c: lead.coefficient });
          entries.push({ i, j, exponent: reduced(lead.exponent, curve.deltaPower), coefficient: lead.coefficient.toString() });
        }
      const vMin = Math.min(...leadByEntry.map((e) => e.v));
      const unresolved = vanishing.find((z) => z.prec <= vMin);
      if (unresolved) throw new PrecisionError(`entry (${unresolved.i}, ${unresolved.j}) is only known to O(δ^${unresolved.prec})`);
      for (const z of vanishing) entries.push({ i: z.i, j: z.j, exponent: `> ${reduced(z.prec - 1, curve.deltaPower)}`, coefficient: "0" });
      const leading = leadByEntry.filter((e) => e.v === vMin);
      const C = fromRows(Array.from({ length: dim }, () => new Array<number>(dim).fill(0)));
      for (const e of leading) C.data[e.i * dim + e.j] = e.c.toNumber();
      const ev = symmetricEigenvalues(C);
      return {
        curve: curve.id,
        description: curve.description,
        exponent: reduced(vMin, curve.deltaPower),
        exponentValue: vMin / curve.deltaPower,
        expected: curve.expected,
        leadingNorm: Math.max(...Array.from(ev, Math.abs)),
        leadingEntries: leading.map((e) => ({ i: e.i, j: e.j, exponent: reduced(e.v, curve.deltaPower), coefficient: e.c.toString() })),
        entries,
        terms,
      };
    } catch (e) {
      if (!(e instanceof PrecisionError)) throw e;
    }
  }
  throw new Error(`${curve.id}: series cancel beyond 64 terms`);
}

/** The symbolic Hessian at a point of the curve in floating point (to spot-check the series against). */
export function hessianAlong(curve: BlowUpCurve, epsilon: number, derivatives?: SymbolicDerivatives): number[][] {
  const d = derivatives ?? deriveWithMathjs(curve.form);
  return compileDerivatives(curve.form, d).hessian(curve.at(epsilon));
}
