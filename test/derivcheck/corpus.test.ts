/**
 * The derivative checker tells right formulas from wrong ones: every mistake
 * of the corpus (test/derivcheck/formulas.ts) is flagged by the check it is
 * for, and every correct formula — all spaces, τ = 0 and τ > 0, tall, wide and
 * square W, near-low-rank points with σ_min = 0.05 — passes both checks.
 */
import { describe, expect, it } from "vitest";
import { checkGradient } from "../../src/derivcheck/check-gradient.js";
import { checkHessian } from "../../src/derivcheck/check-hessian.js";
import { correctFormulas, mistakes } from "./formulas.js";

describe("corpus of mistakes: every one flagged", () => {
  const corpus = mistakes();
  it("has at least 20 mistakes, of gradients and of Hessians", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    expect(corpus.filter((m) => m.wrong === "gradient").length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((m) => m.wrong === "hessian").length).toBeGreaterThanOrEqual(8);
  });
  for (const m of corpus) {
    it(`${m.wrong}: ${m.name}`, () => {
      const r = m.wrong === "gradient" ? checkGradient(m.f, m.grad, m.x, m.options) : checkHessian(m.f, m.grad, m.hvp!, m.x, m.options);
      expect(r.ok, `not flagged: slopes ${r.slopes}, errors ${JSON.stringify(r.relativeErrors)}`).toBe(false);
      expect(r.failures.length).toBeGreaterThan(0);
      for (const f of r.failures) expect(f).toMatch(/slope|finite|symmetric/);
    });
  }
});

describe("correct formulas: every one passes", () => {
  for (const c of correctFormulas()) {
    it(c.name, () => {
      const g = checkGradient(c.f, c.grad, c.x, c.options);
      expect(g.ok, g.failures.join("; ")).toBe(true);
      expect(g.slope === null || g.slope >= 1.7).toBe(true);
      const h = checkHessian(c.f, c.grad, c.hvp!, c.x, c.options);
      expect(h.ok, h.failures.join("; ")).toBe(true);
    });
  }
});

describe("the checker's own contract", () => {
  it("exactly quadratic functions pass (remainders at round-off)", () => {
    const f = (x: { data: Float64Array }) => x.data.reduce((s, v, i) => s + (i + 1) * v * v, 0);
    const grad = (x: { rows: number; cols: number; data: Float64Array }) => ({ ...x, data: x.data.map((v, i) => 2 * (i + 1) * v) });
    const hvp = (_x: unknown, v: { rows: number; cols: number; data: Float64Array }) => ({ ...v, data: v.data.map((e, i) => 2 * (i + 1) * e) });
    const x = { rows: 2, cols: 3, data: Float64Array.from([0.3, -1, 2, 0.5, 0.1, -0.7]) };
    expect(checkGradient(f, grad, x).ok).toBe(true);
    const h = checkHessian(f, grad, hvp, x);
    expect(h.ok).toBe(true);
    expect(h.slopes.every((s) => s === null)).toBe(true);
  });

  it("a gradient 0.1 % off shows slope 2 at large t and 1 at small t, and fails on the slope test alone", () => {
    const c = correctFormulas()[0];
    const wrong = (x: typeof c.x) => {
      const g = c.grad(x);
      return { ...g, data: g.data.map((v) => v * 1.001) };
    };
    const r = checkGradient(c.f, wrong, c.x, { fdTolerance: Infinity, full: false });
    expect(r.ok).toBe(false);
    expect(r.failures.every((f) => f.includes("slope"))).toBe(true);
    const d = r.plot.directions[0];
    const at = (t: number) => d.e1[d.t.findIndex((x) => Math.abs(Math.log10(x) - Math.log10(t)) < 1e-9)];
    expect(Math.log10(at(1e-1) / at(10 ** -1.5)) / 0.5).toBeGreaterThan(1.8);
    expect(Math.log10(at(1e-6) / at(10 ** -6.5)) / 0.5).toBeLessThan(1.2);
  });

  it("reports the seed, slopes, errors and the data behind the plot; the same seed replays the same result", () => {
    const c = correctFormulas()[1];
    const a = checkGradient(c.f, c.grad, c.x, { seed: 42, directions: 2 });
    const b = checkGradient(c.f, c.grad, c.x, { seed: 42, directions: 2 });
    expect(a).toEqual(b);
    expect(a.seed).toBe(42);
    expect(a.slopes).toHaveLength(2);
    expect(a.plot.directions[0].t).toHaveLength(33);
    expect(a.plot.directions[0].e1).toHaveLength(33);
    expect(a.relativeErrors.directional).toBeLessThan(1e-8);
  });

  it("checks a 16×16 problem in well under a second (the budget is 100 ms, measured by the benchmark)", async () => {
    const { bwTarget } = await import("../../src/bures/target.js");
    const { randomNormal, randomWithSpectrum, rng } = await import("../../src/linalg/random.js");
    const r = rng(16);
    const t = bwTarget(randomWithSpectrum(Float64Array.from({ length: 16 }, (_, i) => 0.5 + 0.3 * i), r));
    const x = randomNormal(16, 16, r);
    const res = checkGradient((w) => t.loss(w), (w) => t.grad(w), x);
    expect(res.ok).toBe(true);
  });
});
