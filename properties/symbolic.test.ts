/**
 * Properties of the symbolic module (issue 4) over the exported arbitraries:
 *  - C3/C4 for n = 2: the mathjs-derived gradient and Hessian of the closed
 *    forms equal the numeric core's at arbitrary targets and points (an
 *    independent derivation of PAPER.md §3's formulas, to 1e-10);
 *  - C7 exactly, for arbitrary diagonal targets Σ0 = diag(a, b) with rational
 *    square roots: along Σ_ε = diag(1, ε) the leading term of the Σ-space
 *    Hessian is (√b / 2) ε^{-3/2}, and along W_ε = [[1,0,0],[0,ε,0]] that of
 *    the W-space Hessian is −2√b ε^{-1} (from B² = 1 + ε + a + b − 2(√a + √(bε))
 *    and from the extra-column term of §3's nuclear-norm Hessian).
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { toRows, type Matrix } from "../src/linalg/matrix.js";
import { c7Curves, hessianBlowUp } from "../src/symbolic/blow-up.js";
import { sigmaForm, wForm, type ClosedForm } from "../src/symbolic/closed-forms.js";
import { compileDerivatives } from "../src/symbolic/compiled.js";
import { normDiff } from "../src/symbolic/cross-check.js";
import { deriveWithMathjs } from "../src/symbolic/mathjs-engine.js";
import { gradientError, numericValues } from "../src/symbolic/numeric-peer.js";
import { Rational } from "../src/symbolic/rational.js";
import { Series } from "../src/symbolic/series.js";
import { propertyParams, rankKMatrix, spdTarget } from "./index.js";

const compiled = new Map<string, ReturnType<typeof compileDerivatives>>();
function symbolic(form: ClosedForm) {
  if (!compiled.has(form.name)) compiled.set(form.name, compileDerivatives(form, deriveWithMathjs(form)));
  return compiled.get(form.name)!;
}

function targetScope(sigma0: Matrix): Record<string, number> {
  const [[a11, a12], [, a22]] = toRows(sigma0);
  return { a11, a12, a22 };
}

const tau = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true }));
const wPoint = fc.integer({ min: 1, max: 3 }).chain((m) => fc.tuple(fc.constant(m), rankKMatrix(2, m, Math.min(2, m), 0.3)));

test.prop([spdTarget(2), wPoint, tau], propertyParams(60))(
  "C3/C4 (n = 2): symbolic W-space gradient and Hessian of L and L_τ = the numeric core's",
  (t, [m, W], tauValue) => {
    const form = wForm(m, { tau: tauValue > 0 });
    const s: Record<string, number> = { ...targetScope(t.sigma0), tau: tauValue };
    toRows(W).forEach((row, i) => row.forEach((x, k) => (s[`w${i + 1}${k + 1}`] = x)));
    const ref = numericValues(form, s);
    const c = symbolic(form);
    expect(gradientError(c.gradient(s), ref)).toBeLessThan(1e-10);
    expect(normDiff(c.hessian(s).flat(), ref.hessian.flat())).toBeLessThan(1e-10);
  },
);

test.prop([spdTarget(2), spdTarget(2, 0.2, 5), tau], propertyParams(60))(
  "C3/C4 (n = 2): symbolic Σ-space gradient and Hessian of B² = the numeric core's",
  (t, sigma, tauValue) => {
    const form = sigmaForm({ tau: tauValue > 0 });
    const [[s11, s12], [, s22]] = toRows(sigma.sigma0);
    const s = { ...targetScope(t.sigma0), s11, s12, s22, tau: tauValue };
    const ref = numericValues(form, s);
    const c = symbolic(form);
    expect(gradientError(c.gradient(s), ref)).toBeLessThan(1e-10);
    expect(normDiff(c.hessian(s).flat(), ref.hessian.flat())).toBeLessThan(1e-10);
  },
);

/** a = (p/q)² with small integers: every root on the C7 curves is then rational. */
const rationalSquare = fc.record({ p: fc.integer({ min: 1, max: 30 }), q: fc.integer({ min: 1, max: 30 }) }).map(({ p, q }) => Rational.of(p, q));

test.prop([rationalSquare, rationalSquare], propertyParams(20))(
  "C7 exactly, Σ0 = diag(a, b): leading terms (√b/2) ε^{-3/2} (Σ-space) and −2√b ε^{-1} (W-space)",
  (rootA, rootB) => {
    const a = Series.constant(rootA.mul(rootA));
    const b = Series.constant(rootB.mul(rootB));
    const [sigmaCurve, wCurve] = c7Curves();
    const sigma = hessianBlowUp({ ...sigmaCurve, values: { ...sigmaCurve.values, a11: a, a22: b } });
    expect(sigma.exponent).toBe("-3/2");
    expect(sigma.leadingEntries).toEqual([{ i: 2, j: 2, exponent: "-3/2", coefficient: rootB.div(Rational.of(2)).toString() }]);
    const w = hessianBlowUp({ ...wCurve, values: { ...wCurve.values, a11: a, a22: b } });
    expect(w.exponent).toBe("-1");
    expect(w.leadingEntries).toEqual([{ i: 5, j: 5, exponent: "-1", coefficient: rootB.mul(Rational.of(-2)).toString() }]);
  },
);
