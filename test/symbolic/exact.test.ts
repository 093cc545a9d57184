import { describe, expect, it } from "vitest";
import { fromRows } from "../../src/linalg/matrix.js";
import { symmetricEigenvalues } from "../../src/linalg/eigen.js";
import { c7Curves, hessianBlowUp } from "../../src/symbolic/blow-up.js";
import { solveCriticalPoints } from "../../src/symbolic/critical-solve.js";
import { math } from "../../src/symbolic/mathjs-instance.js";
import { numericValues } from "../../src/symbolic/numeric-peer.js";
import { Poly } from "../../src/symbolic/polynomial.js";
import { Rational } from "../../src/symbolic/rational.js";
import { evaluateSeries, PrecisionError, Series, SeriesArithmetic } from "../../src/symbolic/series.js";

describe("Rational", () => {
  it("is exact where doubles are not", () => {
    const third = Rational.of(1, 3);
    expect(third.add(third).add(third).toString()).toBe("1");
    expect(Rational.parse("0.1").add(Rational.parse("0.2")).toString()).toBe("3/10");
    expect(Rational.fromNumber(0.1).toString()).toBe("3602879701896397/36028797018963968");
    expect(Rational.parse("-3/4").toString()).toBe("-3/4");
    expect(Rational.parse("1e-3").toString()).toBe("1/1000");
  });
  it("takes exact square roots, and refuses non-squares", () => {
    expect(Rational.of(9, 4).sqrt()!.toString()).toBe("3/2");
    expect(Rational.of(2).sqrt()).toBeNull();
    const big = 12345678901234567890123n;
    expect(Rational.of(big * big).sqrt()!.toString()).toBe(big.toString());
    expect(Rational.of(big * big + 1n).sqrt()).toBeNull();
  });
});

describe("Series", () => {
  const ar = new SeriesArithmetic(8);
  const d = Series.monomial(Rational.ONE, 1);
  const at = (node: string, scope: Record<string, Series>) => evaluateSeries(math.parse(node), scope, ar);
  it("expands √(4 + 4δ + δ²) = 2 + δ exactly and 1/(1 − δ) = Σ δ^k", () => {
    const s = at("sqrt(4 + 4*d + d^2)", { d });
    expect(s.c.map(String)).toEqual(["2", "1"]);
    const g = at("1 / (1 - d)", { d });
    expect(g.v).toBe(0);
    expect(g.c.map(String)).toEqual(["1", "1", "1", "1", "1", "1", "1", "1"]);
  });
  it("finds the leading term after exact cancellation", () => {
    // (√(1 + d) − 1 − d/2) ~ −d²/8
    const s = at("sqrt(1 + d) - 1 - d/2", { d });
    expect(s.leading()).toEqual({ coefficient: Rational.of(-1, 8), exponent: 2 });
  });
  it("signals lost precision instead of inventing a leading term", () => {
    const tiny = new SeriesArithmetic(2);
    expect(() => evaluateSeries(math.parse("1 / (sqrt(1 + d) - 1 - d/2)"), { d }, tiny)).toThrow(PrecisionError);
    expect(() => at("sqrt(2 + d)", { d })).toThrow(/not the square of a rational/);
    expect(() => at("sqrt(d)", { d })).toThrow(/odd leading exponent/);
  });
});

describe("Poly", () => {
  const x = Poly.symbol("x"), y = Poly.symbol("y");
  it("multiplies, substitutes and takes exact square roots", () => {
    const p = x.add(y).pow(2);
    expect(p.toString()).toBe("x^2 + 2*x*y + y^2");
    expect(p.sqrt()!.toString()).toBe("x + y");
    expect(x.mul(x).add(y).sqrt()).toBeNull();
    expect(p.substitute("y", x).toString()).toBe("4*x^2");
    const q = Poly.symbol("al").mul(Poly.symbol("p")).add(Poly.symbol("be").mul(Poly.symbol("t"))).pow(2);
    expect(q.sqrt()!.toString()).toBe("al*p + be*t");
  });
});

describe("C7 exponents derived exactly from the symbolic Hessians (issue 4)", () => {
  const results = c7Curves().map((c) => ({ curve: c, blowUp: hessianBlowUp(c) }));
  it("Σ-space −3/2, W-space −1, L_τ bounded (0): as PAPER.md states", () => {
    const byId = Object.fromEntries(results.map((r) => [r.curve.id, r.blowUp]));
    expect(byId.sigma.exponent).toBe("-3/2");
    expect(byId.W.exponent).toBe("-1");
    expect(byId["sigma-tau"].exponent).toBe("0");
    expect(byId["W-tau"].exponent).toBe("0");
    // which entries blow up: ∂²/∂s22² ~ ε^{-3/2}/2, and ∂²/∂w23² ~ −2/ε (the extra column, PAPER.md §3)
    expect(byId.sigma.leadingEntries).toEqual([{ i: 2, j: 2, exponent: "-3/2", coefficient: "1/2" }]);
    expect(byId.W.leadingEntries).toEqual([{ i: 5, j: 5, exponent: "-1", coefficient: "-2" }]);
  });
  it("the numeric core's Hessian norm times ε^{-p} tends to the exact leading coefficient ‖C‖₂", () => {
    for (const { curve, blowUp } of results) {
      const norm = (eps: number) =>
        Math.max(...Array.from(symmetricEigenvalues(fromRows(numericValues(curve.form, curve.at(eps)).hessian)), Math.abs));
      const scaled = [1e-3, 1e-5, 1e-7].map((e) => norm(e) * e ** -blowUp.exponentValue);
      const gaps = scaled.map((s) => Math.abs(s - blowUp.leadingNorm));
      // the next term is O(ε^{1/2}) (Σ-space) or O(ε): the gap shrinks with ε
      expect(gaps[2]).toBeLessThan(1e-3 * blowUp.leadingNorm);
      expect(gaps[2]).toBeLessThanOrEqual(gaps[0]);
    }
  });
});

describe("C5 for n = 2, k = 1 solved exactly (issue 4)", () => {
  it("L: ±√λ_i e_i, W = 0 not differentiable, no point with both entries nonzero", () => {
    const r = solveCriticalPoints();
    expect(r.summary).toBe("W = ±sqrt(a11) e_1, W = ±sqrt(a22) e_2");
    expect(r.solutions.map((s) => s.values)).toEqual([
      { w11: "sqrt(a11)", w21: "0" },
      { w11: "-sqrt(a11)", w21: "0" },
      { w11: "0", w21: "sqrt(a22)" },
      { w11: "0", w21: "-sqrt(a22)" },
    ]);
    expect(r.solutions.map((s) => s.value)).toEqual(["a22", "a22", "a11", "a11"]);
    expect(r.cases.map((c) => c.outcome)).toEqual(["not-differentiable", "solutions", "solutions", "none"]);
    expect(r.cases[3].reason).toMatch(/a11 - a22 ≠ 0 \(distinct eigenvalues\)/);
    for (const s of r.solutions) expect(s.residual).toBeLessThan(1e-14);
  });
  it("L_τ: ±√(λ_i − τ) e_i and W = 0; the squaring's spurious root is rejected", () => {
    const r = solveCriticalPoints({ tau: true });
    expect(r.summary).toBe(
      "W = 0, W = ±sqrt(a11 - tau) e_1 (real when a11 - tau > 0), W = ±sqrt(a22 - tau) e_2 (real when a22 - tau > 0)",
    );
    expect(r.cases.map((c) => c.outcome)).toEqual(["solutions", "solutions", "solutions", "none"]);
    expect(r.solutions.map((s) => s.value)).toEqual([
      "a11 - 2*sqrt(a11)*sqrt(tau) + a22 - 2*sqrt(a22)*sqrt(tau) + 2*tau",
      "(sqrt(a22) - sqrt(tau))^2",
      "(sqrt(a22) - sqrt(tau))^2",
      "(sqrt(a11) - sqrt(tau))^2",
      "(sqrt(a11) - sqrt(tau))^2",
    ]);
    expect(r.cases[1].rejected.length).toBe(1);
    for (const s of r.solutions) expect(s.residual).toBeLessThan(1e-14);
  });
});

describe("the claims' exact checks (proofs-check/exact-n2.ts)", () => {
  it("a failed exact check turns a confirmed numeric result into a refutation with the exact detail", async () => {
    const { withExact } = await import("../../proofs-check/exact-n2.js");
    const numeric = { status: "confirmed" as const, evidence: "numeric ok", instances: 3, worstMargin: { value: 0.5, what: "x" } };
    const bad = withExact(numeric, { ok: false, evidence: "exponent -1 ≠ -3/2", detail: { curve: "sigma" } });
    expect(bad.status).toBe("refuted");
    expect(bad.evidence).toMatch(/exact check failed: exponent/);
    expect(bad.counterexample).toEqual({ curve: "sigma" });
    const good = withExact(numeric, { ok: true, evidence: "exponents ok", detail: null });
    expect(good.status).toBe("confirmed");
    expect(good.evidence).toBe("numeric ok; exact: exponents ok");
  });
});
