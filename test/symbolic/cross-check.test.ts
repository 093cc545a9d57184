import { describe, expect, it } from "vitest";
import { allClosedForms, sigmaForm, wForm } from "../../src/symbolic/closed-forms.js";
import { crossCheck } from "../../src/symbolic/cross-check.js";
import { deriveWithMathjs } from "../../src/symbolic/mathjs-engine.js";
import { math } from "../../src/symbolic/mathjs-instance.js";
import { nerdamerDerivative, nerdamerVersion } from "../../src/symbolic/nerdamer-engine.js";
import { tidy } from "../../src/symbolic/tidy.js";

describe("every closed form agrees with the numeric core (issue 4: 1e-10 relative at 100 random points)", () => {
  for (const form of allClosedForms()) {
    it(form.name, () => {
      const c = crossCheck(form, { points: 100, fdPoints: 10 });
      expect(c.loss.max).toBeLessThan(1e-10);
      expect(c.gradient.max).toBeLessThan(1e-10);
      expect(c.hessian!.max).toBeLessThan(1e-10);
      expect(c.fdGradient.max).toBeLessThan(1e-6);
      expect(c.fdHessian!.max).toBeLessThan(1e-6);
      expect(c.agrees).toBe(true);
    });
  }
});

describe("the cross-check catches wrong derivatives", () => {
  it("flags a closed form with a wrong sign (numeric core and finite differences disagree with it)", () => {
    const right = wForm(2);
    const wrong = { ...right, loss: right.loss.replace("- 2 * sqrt", "- 1.9 * sqrt") };
    const c = crossCheck(wrong, { points: 5 });
    expect(c.agrees).toBe(false);
    expect(c.gradient.max).toBeGreaterThan(1e-3);
    // the FD check alone cannot see a wrong *loss* (its derivative matches): the numeric core must
    expect(c.fdGradient.max).toBeLessThan(1e-6);
  });

  it("flags a wrong derivative handed to it (FD and numeric core both disagree)", () => {
    const form = sigmaForm();
    const d = deriveWithMathjs(form);
    const broken = { ...d, gradient: [...d.gradient] };
    broken.gradient[1] = math.parse(`1.0001 * (${d.gradient[1].toString()})`);
    const c = crossCheck(form, { points: 5, derivatives: broken });
    expect(c.agrees).toBe(false);
    expect(c.gradient.max).toBeGreaterThan(1e-6);
    expect(c.fdGradient.max).toBeGreaterThan(1e-6);
  });
});

describe("nerdamer's known error (PAPER.md §5) is caught by the toolkit itself", () => {
  it(`nerdamer ${nerdamerVersion()} still differentiates sqrt(a*p + sqrt(a)) wrongly (if this fails, nerdamer was fixed: update PAPER.md §5 and this test)`, () => {
    const text = nerdamerDerivative("sqrt(a*p + sqrt(a))", "a");
    const nerd = math.evaluate(text, { a: 2, p: 3 }) as number;
    const exact = (3 + 1 / (2 * Math.SQRT2)) / (2 * Math.sqrt(6 + Math.SQRT2));
    const mathjs = math.derivative("sqrt(a*p + sqrt(a))", "a").evaluate({ a: 2, p: 3 }) as number;
    expect(Math.abs(mathjs - exact)).toBeLessThan(1e-14);
    expect(Math.abs(nerd - exact)).toBeGreaterThan(0.03); // ~0.037
  });

  it("the cross-check flags nerdamer's gradient of the 2×2 closed form while mathjs passes", () => {
    // (the scalar deep network is written (√(P² + τ) − √λ)², without a nested root;
    // nerdamer's gradient of it is not even real: readable.test.ts)
    for (const form of [sigmaForm(), wForm(2), wForm(3, { tau: true })]) {
      const c = crossCheck(form, { points: 10, nerdamer: true, hessian: false });
      expect(c.agrees).toBe(true);
      expect(c.nerdamerAgrees).toBe(false);
      expect(c.nerdamerGradient!.median).toBeGreaterThan(1e-3);
      expect(c.enginesAgainstEachOther!.median).toBeGreaterThan(1e-3);
    }
  });

  it("where no nested root occurs (m = 1, τ = 0) nerdamer agrees: the flag is not a parsing artefact", () => {
    const c = crossCheck(wForm(1), { points: 10, nerdamer: true, hessian: false });
    expect(c.nerdamerAgrees).toBe(true);
    expect(c.enginesAgainstEachOther!.max).toBeLessThan(1e-12);
  });
});

describe("tidy", () => {
  it("keeps values and shares no node between factors (mathjs's product rule compares factors by identity)", () => {
    const raw = math.derivative("(w2 * w1)^2 + w1 * sqrt(w2)", "w1", { simplify: false });
    const t = tidy(raw);
    const s = { w1: 0.7, w2: 1.3 };
    expect(t.evaluate(s)).toBeCloseTo(raw.evaluate(s) as number, 14);
    const seen = new Set<unknown>();
    t.traverse((n) => {
      expect(seen.has(n)).toBe(false);
      seen.add(n);
    });
    const second = math.derivative(t, "w2", { simplify: false });
    const exact = math.derivative(raw, "w2", { simplify: false });
    expect(second.evaluate(s)).toBeCloseTo(exact.evaluate(s) as number, 13);
    expect(t.toString().length).toBeLessThan(raw.toString().length);
  });

  it("folds constants and neutral elements", () => {
    expect(tidy(math.parse("2 * 1 * x ^ (2 - 1) + 0 - 3 * (4 * y) / 2")).toString()).toBe("2 * x - 6 * y");
    expect(tidy(math.parse("0 * x + y ^ 0 + z / 1")).toString()).toBe("z + 1");
  });
});

describe("gradient errors near a minimum", () => {
  it("at Σ = Σ0 (∇B² = 0) the symbolic gradient is judged against ‖∇ tr Σ‖, not against 0", async () => {
    const { compileDerivatives } = await import("../../src/symbolic/compiled.js");
    const { gradientError, numericValues } = await import("../../src/symbolic/numeric-peer.js");
    const form = sigmaForm();
    const c = compileDerivatives(form, deriveWithMathjs(form));
    const s = { a11: 2, a12: 0.3, a22: 1, s11: 2, s12: 0.3, s22: 1 };
    const ref = numericValues(form, s);
    expect(Math.hypot(...ref.gradient)).toBeLessThan(1e-14);
    expect(gradientError(c.gradient(s), ref)).toBeLessThan(1e-14);
    // a wrong gradient is still flagged there
    expect(gradientError(c.gradient(s).map((g, i) => g + (i === 1 ? 1e-6 : 0)), ref)).toBeGreaterThan(1e-7);
  });
});
