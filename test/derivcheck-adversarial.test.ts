/**
 * Adversarial cases for checkGradient / checkHessian: each one gave a wrong
 * verdict (or a silent, meaningless result) before the fix it names.
 * - f of size 1e200: the ECnoise estimate squared differences of size 1e190
 *   (overflow to ∞, the floor became ∞, every slope abstained and the
 *   finite-difference resolution became ∞): a gradient 0.1 % off passed.
 *   At 1e-200 the full comparison's squares underflowed to 0 and saw nothing.
 * - an hvp that is not linear in v (H v scaled by ‖v‖): every random
 *   direction has the same norm max(‖x‖, 1), and so does every unit
 *   coordinate vector when ‖x‖ ≤ 1; such an hvp passed.
 * - a gradient with an ∞ entry passed (∞ ≤ tolerance·∞).
 * - options out of range (directions 0, slopeTolerance ≥ 1, magnitude ∞, …)
 *   were used silently; directions: 0 gave ok with no test run at all.
 * - bad points and values (NaN in x, empty x, f(x) NaN, a gradient of the
 *   wrong length) gave "disagrees by NaN" instead of an error.
 * - with `project`, the full gradient comparison ignored the projection and
 *   refuted right gradients of functions defined on the projected space only.
 * - f undefined at every finite-difference step: "disagrees by NaN", a
 *   refutation of a formula that was never judged; an f that throws there
 *   threw out of the noise estimate; NaN samples made the noise level NaN
 *   and the symmetry verdict "not symmetric: NaN".
 * - the full Hessian comparison stepped 1 % of a unit vector whatever ‖x‖:
 *   round-off at ‖x‖ = 1e8.
 */
import { describe, expect, it } from "vitest";
import { CannotJudgeError, checkGradient } from "../src/derivcheck/check-gradient.js";
import { checkHessian } from "../src/derivcheck/check-hessian.js";
import type { CheckOptions } from "../src/derivcheck/types.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { frobeniusNorm, symmetrize } from "../src/linalg/ops.js";
import { randomNormal, rng } from "../src/linalg/random.js";

/**
 * f(x) = c (Σ a_i sin x_i + ¼ Σ x_i⁴ + ½ xᵀ B x) on n×m matrices (B random, not symmetric):
 * ∇f = c (a ∘ cos x + x³ + ½ (B + Bᵀ) x), ∇²f[v] = c ((−a ∘ sin x + 3x²) ∘ v + ½ (B + Bᵀ) v).
 */
function smooth(n: number, m: number, c = 1, seed = 3) {
  const r = rng(seed);
  const d = n * m;
  const a = randomNormal(n, m, r).data, B = randomNormal(d, d, r).data;
  const sym = (i: number, j: number) => 0.5 * (B[i * d + j] + B[j * d + i]);
  const f = (x: Matrix): number => {
    let s = 0;
    for (let i = 0; i < d; i++) {
      s += a[i] * Math.sin(x.data[i]) + x.data[i] ** 4 / 4;
      for (let j = 0; j < d; j++) s += 0.5 * x.data[i] * B[i * d + j] * x.data[j];
    }
    return c * s;
  };
  const grad = (x: Matrix): Matrix => {
    const g = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      g[i] = a[i] * Math.cos(x.data[i]) + x.data[i] ** 3;
      for (let j = 0; j < d; j++) g[i] += sym(i, j) * x.data[j];
    }
    return { rows: n, cols: m, data: g.map((v) => c * v) };
  };
  const hvp = (x: Matrix, v: Matrix): Matrix => {
    const h = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      h[i] = (-a[i] * Math.sin(x.data[i]) + 3 * x.data[i] ** 2) * v.data[i];
      for (let j = 0; j < d; j++) h[i] += sym(i, j) * v.data[j];
    }
    return { rows: n, cols: m, data: h.map((u) => c * u) };
  };
  return { f, grad, hvp };
}

const scaled = (m: Matrix, s: number): Matrix => ({ ...m, data: m.data.map((v) => v * s) });
const withEntry = (m: Matrix, k: number, value: (old: number) => number): Matrix => {
  const data = Float64Array.from(m.data);
  data[k] = value(data[k]);
  return { ...m, data };
};

describe("functions of extreme size (1e±200)", () => {
  const x = randomNormal(3, 3, rng(9));
  for (const c of [1e200, 1e300]) {
    const { f, grad, hvp } = smooth(3, 3, c);
    it(`c = ${c}: the right gradient and Hessian pass with slopes 2 and 3`, () => {
      const g = checkGradient(f, grad, x);
      expect(g.ok, g.failures.join("; ")).toBe(true);
      expect(g.slope).toBeGreaterThan(1.9);
      const h = checkHessian(f, grad, hvp, x);
      expect(h.ok, h.failures.join("; ")).toBe(true);
      expect(h.slope).toBeGreaterThan(2.9);
    });
    it(`c = ${c}: a gradient 0.1 % off and a Hessian 0.1 % off fail`, () => {
      const g = checkGradient(f, (y) => scaled(grad(y), 1.001), x);
      expect(g.ok).toBe(false);
      expect(g.slope).toBeLessThan(1.5);
      const one = checkGradient(f, (y) => withEntry(grad(y), 4, (v) => v * 1.01), x, { directions: 1 });
      expect(one.ok).toBe(false);
      expect(one.relativeErrors.full).toBeGreaterThan(1e-4);
      const h = checkHessian(f, grad, (y, v) => scaled(hvp(y, v), 1.001), x);
      expect(h.ok).toBe(false);
    });
  }
  it("c = 1e-200: the full comparison sees one entry 1 % off (its squares no longer underflow)", () => {
    const { f, grad } = smooth(3, 3, 1e-200);
    const right = checkGradient(f, grad, x);
    expect(right.ok, right.failures.join("; ")).toBe(true);
    const r = checkGradient(f, (y) => withEntry(grad(y), 4, (v) => v * 1.01), x, { directions: 1 });
    expect(r.ok).toBe(false);
    expect(r.relativeErrors.full).toBeGreaterThan(1e-4);
    expect(r.failures.some((s) => s.startsWith("full finite-difference gradient"))).toBe(true);
  });
});

describe("a Hessian-vector product must be linear in v", () => {
  const fro = (v: Matrix) => frobeniusNorm(v);
  it("H v · ‖v‖ / max(‖x‖, 1) (right at the directions' norm only) fails, 10×10 (no full check)", () => {
    const { f, grad, hvp } = smooth(10, 10);
    const x = randomNormal(10, 10, rng(9));
    const xs = Math.max(fro(x), 1);
    expect(checkHessian(f, grad, hvp, x).ok).toBe(true);
    const r = checkHessian(f, grad, (y, v) => scaled(hvp(y, v), fro(v) / xs), x);
    expect(r.ok).toBe(false);
    expect(r.failures.some((s) => s.includes("not linear"))).toBe(true);
  });
  it("H v / ‖v‖ (a normalised direction, not scaled back) fails at a point of norm below 1", () => {
    const { f, grad, hvp } = smooth(1, 1);
    const x = { rows: 1, cols: 1, data: Float64Array.from([0.4]) };
    expect(checkHessian(f, grad, hvp, x).ok).toBe(true);
    const r = checkHessian(f, grad, (y, v) => scaled(hvp(y, v), 1 / fro(v)), x);
    expect(r.ok).toBe(false);
    expect(r.failures.some((s) => s.includes("not linear"))).toBe(true);
  });
  it("a linear but slightly non-symmetric hvp still fails on symmetry, a right one passes both", () => {
    const { f, grad, hvp } = smooth(2, 3);
    const x = randomNormal(2, 3, rng(9));
    const r = checkHessian(f, grad, (y, v) => withEntry(hvp(y, v), 4, (h) => h + 1e-6 * v.data[0]), x);
    expect(r.failures.some((s) => s.includes("not symmetric"))).toBe(true);
    expect(r.failures.some((s) => s.includes("not linear"))).toBe(false);
    expect(checkHessian(f, grad, hvp, x).relativeErrors.linearity).toBeLessThan(1e-12);
  });
});

describe("non-finite derivatives are wrong, not passed", () => {
  const { f, grad, hvp } = smooth(2, 3);
  const x = randomNormal(2, 3, rng(5));
  for (const bad of [Infinity, -Infinity, Number.NaN]) {
    it(`a gradient with a ${bad} entry fails, naming the entry`, () => {
      const r = checkGradient(f, (y) => withEntry(grad(y), 1, () => bad), x);
      expect(r.ok).toBe(false);
      expect(r.failures[0]).toMatch(/grad\(x\) has a non-finite entry/);
    });
    it(`an hvp with a ${bad} entry fails`, () => {
      const r = checkHessian(f, grad, (y, v) => withEntry(hvp(y, v), 1, () => bad), x);
      expect(r.ok).toBe(false);
      expect(r.failures.some((s) => /hvp\(x, v\) has a non-finite entry/.test(s))).toBe(true);
    });
  }
});

describe("options out of range are errors, not silently used", () => {
  const { f, grad, hvp } = smooth(2, 3);
  const x = randomNormal(2, 3, rng(5));
  const bad: [keyof CheckOptions, unknown][] = [
    ["directions", 0], ["directions", -1], ["directions", 2.5], ["directions", Number.NaN],
    ["seed", Number.NaN], ["seed", 1.5],
    ["slopeTolerance", 1], ["slopeTolerance", 2], ["slopeTolerance", 0], ["slopeTolerance", Number.NaN],
    ["fdTolerance", -1], ["fdTolerance", Number.NaN],
    ["symmetryTolerance", -1], ["symmetryTolerance", Number.NaN],
    ["magnitude", -1], ["magnitude", Number.NaN], ["magnitude", Infinity],
    ["full", "yes"], ["project", 3],
  ];
  for (const [key, value] of bad) {
    it(`${key}: ${String(value)}`, () => {
      const opts = { [key]: value } as CheckOptions;
      expect(() => checkGradient(f, grad, x, opts)).toThrow(new RegExp(`checkGradient: opts\\.${key} `));
      expect(() => checkHessian(f, grad, hvp, x, opts)).toThrow(new RegExp(`checkHessian: opts\\.${key} `));
    });
  }
  it("in range: fdTolerance Infinity (finite differences off, as the corpus test uses) and seed 0 are accepted", () => {
    expect(checkGradient(f, grad, x, { fdTolerance: Infinity, seed: 0, slopeTolerance: 0.9, full: "auto" }).ok).toBe(true);
  });
});

describe("bad points and values are errors naming the problem", () => {
  const { f, grad, hvp } = smooth(2, 3);
  const x = randomNormal(2, 3, rng(5));
  const M = (rows: number, cols: number, data: number[]): Matrix => ({ rows, cols, data: Float64Array.from(data) });
  const both = (fn: typeof f, gr: typeof grad, at: Matrix | number[][]) => [() => checkGradient(fn, gr, at), () => checkHessian(fn, gr, hvp, at)];
  it("x with a NaN or ∞ entry", () => {
    for (const v of [Number.NaN, Infinity]) for (const run of both(f, grad, M(2, 3, [1, v, 0, 0, 0, 0]))) expect(run).toThrow(/x has a non-finite entry/);
  });
  it("an empty x", () => {
    for (const at of [M(0, 0, []), M(0, 3, []), [] as number[][]]) for (const run of both(() => 0, (y) => y, at)) expect(run).toThrow(/x is empty/);
  });
  it("x whose data does not match its shape", () => {
    for (const run of both(f, grad, M(2, 3, [1, 2, 3, 4, 5]))) expect(run).toThrow(/x is 2×3 but has 5 entries/);
  });
  it("f(x) not a finite number", () => {
    for (const fx of [Number.NaN, Infinity, "1" as unknown as number]) for (const run of both(() => fx, grad, x)) expect(run).toThrow(/f\(x\) is .* not a finite number/);
  });
  it("grad(x) of the wrong shape or length, also for checkHessian", () => {
    for (const g of [M(3, 2, [0, 0, 0, 0, 0, 0]), M(2, 3, [0, 0, 0, 0, 0])]) for (const run of both(f, () => g, x)) expect(run).toThrow(/grad\(x\) is .*, x is 2×3/);
  });
});

describe("project: the full comparison uses the projected coordinate directions", () => {
  // log det S through a Cholesky factor that reads the lower triangle only: defined on symmetric S,
  // gradient S⁻¹; along a symmetric direction E its derivative is tr(S⁻¹E), whatever the upper triangle does
  const n = 3;
  const chol = (s: Matrix): Float64Array => {
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let v = s.data[i * n + j];
        for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k];
        L[i * n + j] = i === j ? Math.sqrt(v) : v / L[j * n + j];
      }
    }
    return L;
  };
  const logdet = (s: Matrix) => chol(s).reduce((acc, v, k) => (k % (n + 1) === 0 ? acc + 2 * Math.log(v) : acc), 0);
  // S⁻¹ of the symmetric S given by the lower triangle (Gauss–Jordan)
  const inverse = (s: Matrix): Matrix => {
    const a = new Float64Array(n * n), inv = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = s.data[Math.max(i, j) * n + Math.min(i, j)];
    for (let i = 0; i < n; i++) inv[i * n + i] = 1;
    for (let c = 0; c < n; c++) {
      const p = a[c * n + c];
      for (let j = 0; j < n; j++) (a[c * n + j] /= p), (inv[c * n + j] /= p);
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const m = a[r * n + c];
        for (let j = 0; j < n; j++) (a[r * n + j] -= m * a[c * n + j]), (inv[r * n + j] -= m * inv[c * n + j]);
      }
    }
    return { rows: n, cols: n, data: inv };
  };
  const S: Matrix = { rows: 3, cols: 3, data: Float64Array.from([2, 0.3, 0.1, 0.3, 1.5, 0.2, 0.1, 0.2, 1]) };
  it("the right gradient S⁻¹ passes, with the full comparison run", () => {
    const r = checkGradient(logdet, inverse, S, { project: symmetrize });
    expect(r.ok, r.failures.join("; ")).toBe(true);
    expect(r.relativeErrors.full).toBeLessThan(1e-8);
  });
  it("checkHessian's full comparison takes a project that returns nested arrays, as checkGradient does (it crashed)", () => {
    // log det S: ∇ = S⁻¹, D²[E] = −S⁻¹ E S⁻¹
    const hvp = (s: Matrix, e: Matrix): Matrix => {
      const si = inverse(s);
      const prod = (a: Matrix, b: Matrix): Matrix => {
        const out = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] += a.data[i * n + k] * b.data[k * n + j];
        return { rows: n, cols: n, data: out };
      };
      const m = prod(prod(si, e), si);
      return { ...m, data: m.data.map((x) => -x) };
    };
    const nested = (v: Matrix) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 0.5 * (v.data[i * n + j] + v.data[j * n + i])));
    const r = checkHessian(logdet, inverse, hvp, S, { project: nested, full: true });
    expect(r.ok, r.failures.join("; ")).toBe(true);
    expect(r.relativeErrors.full).toBeLessThan(1e-6);
  });
  it("S⁻¹ 0.1 % off in one off-diagonal pair still fails the full comparison", () => {
    const wrong = (s: Matrix) => withEntry(withEntry(inverse(s), 1, (v) => v * 1.001), 3, (v) => v * 1.001);
    const r = checkGradient(logdet, wrong, S, { project: symmetrize, directions: 1 });
    expect(r.ok).toBe(false);
    expect(r.relativeErrors.full).toBeGreaterThan(1e-5);
  });
});

describe("no data is no verdict", () => {
  it("f undefined at every step along the directions (x at the edge of its domain): an error, not a refutation", () => {
    // f = −log x₃ + ‖x‖²·1e-12 at x₃ = 1e-6 while ‖x‖ = 7e5: every step of the checker leaves x₃ > 0 on one side
    const f = (x: Matrix) => 1e-12 * x.data[0] ** 2 - Math.log(x.data[2]);
    const grad = (x: Matrix): Matrix => ({ ...x, data: Float64Array.from([2e-12 * x.data[0], 0, -1 / x.data[2]]) });
    const x: Matrix = { rows: 1, cols: 3, data: Float64Array.from([7e5, 0.4, 1e-6]) };
    expect(() => checkGradient(f, grad, x)).toThrow(/cannot judge: f is not finite/);
    // an f that throws outside its domain, rather than returning NaN: the same (it threw out of the noise estimate)
    const throwing = (y: Matrix) => {
      if (y.data[2] <= 0) throw new RangeError("log of a non-positive number");
      return f(y);
    };
    expect(() => checkGradient(throwing, grad, x)).toThrow(/cannot judge: f is not finite/);
  });
  it("samples outside f's domain do not turn the noise level (and the symmetry verdict) into NaN", () => {
    // the same point for checkHessian: ∇f = (2e-12 x₁, 0, −1/x₃) is finite on both sides, f is not;
    // the noise estimate along v was NaN, hence the symmetry round-off allowance, hence "not symmetric: NaN"
    const f = (x: Matrix) => 1e-12 * x.data[0] ** 2 - Math.log(x.data[2]);
    const grad = (x: Matrix): Matrix => ({ ...x, data: Float64Array.from([2e-12 * x.data[0], 0, -1 / x.data[2]]) });
    const hvp = (x: Matrix, v: Matrix): Matrix => ({ ...x, data: Float64Array.from([2e-12 * v.data[0], 0, v.data[2] / x.data[2] ** 2]) });
    const x: Matrix = { rows: 1, cols: 3, data: Float64Array.from([7e5, 0.4, 1e-6]) };
    const r = checkHessian(f, grad, hvp, x);
    expect(Number.isFinite(r.relativeErrors.symmetry)).toBe(true);
    expect(r.failures.some((s) => s.includes("not symmetric"))).toBe(false);
    for (const d of r.plot.directions) expect(Number.isNaN(d.floor)).toBe(false);
  });
});

describe("the full Hessian comparison steps relative to x, like the directions", () => {
  // f = Σ sin(x_i/L + i) + (x_i/L)² at x of size L: unit coordinate steps were 1e-10 of x at L = 1e8
  // (round-off: the right Hessian's full error was 3.8e-6, over the 1e-6 tolerance, passed only by
  // Ridders' uncertainty); L = 1e-3 (steps max(‖x‖, 1) = 1, as before) is the control
  for (const L of [1e-3, 1e8]) {
    it(`L = ${L}: the right Hessian's worst column agrees to 1e-10`, () => {
      const f = (x: Matrix) => x.data.reduce((s, v, i) => s + Math.sin(v / L + i) + (v / L) ** 2, 0);
      const grad = (x: Matrix): Matrix => ({ ...x, data: x.data.map((v, i) => (Math.cos(v / L + i) + (2 * v) / L) / L) });
      const hvp = (x: Matrix, w: Matrix): Matrix => ({ ...x, data: x.data.map((v, i) => ((2 - Math.sin(v / L + i)) / L / L) * w.data[i]) });
      const x = scaled(randomNormal(2, 3, rng(4)), L);
      const r = checkHessian(f, grad, hvp, x);
      expect(r.ok, r.failures.join("; ")).toBe(true);
      expect(r.relativeErrors.full).toBeLessThan(1e-10);
    });
  }
});

describe("relativeErrors.resolution says how much a pass means", () => {
  // f = Σ (i+1) e^{0.3 x_i}, computed in double and in float32 (relative noise ~6e-8)
  const base = (x: Matrix) => x.data.reduce((s, v, i) => s + Math.exp(0.3 * v) * (i + 1), 0);
  const grad = (x: Matrix): Matrix => ({ ...x, data: x.data.map((v, i) => 0.3 * Math.exp(0.3 * v) * (i + 1)) });
  const f32 = (x: Matrix) => Math.fround(base({ ...x, data: x.data.map(Math.fround) }));
  const x = randomNormal(2, 3, rng(5));
  it("round-off level (below 1e-8) for f in double precision, where a gradient 1e-5 off fails", () => {
    const r = checkGradient(base, grad, x);
    expect(r.ok).toBe(true);
    expect(r.relativeErrors.resolution).toBeLessThan(1e-8);
    expect(checkGradient(base, (y) => scaled(grad(y), 1 + 1e-5), x).ok).toBe(false);
  });
  it("above 1e-3 for f in float32, where a gradient 0.1 % off passes: the pass says no more than that", () => {
    const r = checkGradient(f32, (y) => scaled(grad(y), 1.001), x);
    expect(r.ok).toBe(true);
    expect(r.relativeErrors.resolution).toBeGreaterThan(1e-3);
    // every direction's disagreement is within the tolerance plus its resolution: that is what ok asserts
    for (const d of r.plot.directions) expect(d.fdError).toBeLessThanOrEqual(1e-6 + d.fdResolution);
  });
});

describe("a noisy f does not loosen the tests of hvp against ∇f", () => {
  // f in float32 (noise ~6e-8 relative), ∇f and hvp in double: the hvp tests (finite differences of ∇f,
  // symmetry, linearity) involve ∇f and hvp only, and their round-off is that of ∇f, measured on ∇f.
  // Inferred from f's noise it was 3e8 times too large: an hvp 2.6e-4 off and 2.7e-5 asymmetric passed.
  const base = (x: Matrix) => x.data.reduce((s, v, i) => s + Math.exp(0.3 * v) * (i + 1), 0) + 0.5 * x.data[0] * x.data[1];
  const grad = (x: Matrix): Matrix => {
    const g = x.data.map((v, i) => 0.3 * Math.exp(0.3 * v) * (i + 1));
    g[0] += 0.5 * x.data[1];
    g[1] += 0.5 * x.data[0];
    return { ...x, data: g };
  };
  const hvp = (x: Matrix, w: Matrix): Matrix => {
    const h = x.data.map((v, i) => 0.09 * Math.exp(0.3 * v) * (i + 1) * w.data[i]);
    h[0] += 0.5 * w.data[1];
    h[1] += 0.5 * w.data[0];
    return { ...x, data: h };
  };
  const f32 = (x: Matrix) => Math.fround(base({ ...x, data: x.data.map(Math.fround) }));
  const x = randomNormal(2, 3, rng(5));
  it("the right hvp passes with f in float32", () => {
    const r = checkHessian(f32, grad, hvp, x);
    expect(r.ok, r.failures.join("; ")).toBe(true);
  });
  it("an hvp with an asymmetric entry (1e-4 of H_{2,4}) fails with f in float32 as with f in double", () => {
    const asym = (y: Matrix, w: Matrix) => withEntry(hvp(y, w), 2, (h) => h + 1e-4 * w.data[4]);
    for (const f of [base, f32]) {
      const r = checkHessian(f, grad, asym, x);
      expect(r.ok).toBe(false);
      expect(r.failures.some((s) => s.includes("not symmetric"))).toBe(true);
      expect(r.failures.some((s) => s.startsWith("finite differences of the gradient"))).toBe(true);
    }
  });
});

describe("a kink is no gradient to refute", () => {
  // f = |x₁| + x₂² + e^{x₃} at x₁ = 0: no gradient exists; with the subgradient 0 the remainder falls like t
  // and the slope test refuted the formula. The even part (f(x+tv) + f(x−tv))/2 − f(x), which no formula
  // enters, falls like t there (like t² wherever f is differentiable): an error, "cannot judge"
  const f = (x: Matrix) => Math.abs(x.data[0]) + x.data[1] ** 2 + Math.exp(x.data[2]);
  const grad = (x: Matrix): Matrix => ({ ...x, data: Float64Array.from([0, 2 * x.data[1], Math.exp(x.data[2])]) });
  const hvp = (x: Matrix, v: Matrix): Matrix => ({ ...x, data: Float64Array.from([0, 2 * v.data[1], Math.exp(x.data[2]) * v.data[2]]) });
  const at = (x1: number): Matrix => ({ rows: 1, cols: 3, data: Float64Array.from([x1, 0.5, -0.3]) });
  it("at the kink: checkGradient and checkHessian say f is not differentiable", () => {
    expect(() => checkGradient(f, grad, at(0))).toThrow(/cannot judge: f is not twice differentiable at x .* falls like t\^1\.0\d/);
    expect(() => checkHessian(f, grad, hvp, at(0))).toThrow(/cannot judge: f is not twice differentiable/);
  });
  it("away from it, the right gradient passes and the subgradient-style mistake (sign x₁ dropped) is refuted", () => {
    const right = (x: Matrix): Matrix => ({ ...x, data: Float64Array.from([Math.sign(x.data[0]), 2 * x.data[1], Math.exp(x.data[2])]) });
    expect(checkGradient(f, right, at(0.5)).ok).toBe(true);
    const r = checkGradient(f, grad, at(0.5));
    expect(r.ok).toBe(false);
    expect(r.failures.at(-1)).toMatch(/^Taylor remainder slope 1\.0/);
  });
  it("a C¹ function without a second-order expansion (|x|^1.2 at 0) is 'not twice differentiable', not 'a kink' only", () => {
    const g = (x: Matrix) => Math.abs(x.data[0]) ** 1.2 + Math.abs(x.data[1]) ** 1.2;
    const zero = (x: Matrix): Matrix => ({ ...x, data: new Float64Array(x.data.length) }); // its right gradient at 0
    let caught: unknown;
    try {
      checkGradient(g, zero, { rows: 1, cols: 2, data: new Float64Array(2) });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CannotJudgeError);
    expect((caught as CannotJudgeError).reason).toBe("not twice differentiable");
    expect((caught as Error).message).toMatch(/not twice differentiable .* a first derivative that is not Lipschitz/);
  });
  it("one direction's pre-asymptotic dip, which the median outvotes, is not a kink (found by a review: it threw)", () => {
    // smooth f with a large offset, whose t² and t⁴ terms cancel along one direction inside the judged window
    const h = (x: Matrix) => {
      const [a, b, c] = x.data;
      return 1e10 + a * a - b * b + 0.3 * c * c + 100 * (a ** 4 + b ** 4 + c ** 4);
    };
    const grad = (x: Matrix): Matrix => {
      const [a, b, c] = x.data;
      return { ...x, data: Float64Array.from([2 * a + 400 * a ** 3, -2 * b + 400 * b ** 3, 0.6 * c + 400 * c ** 3]) };
    };
    const r = checkGradient(h, grad, { rows: 1, cols: 3, data: new Float64Array(3) }, { seed: 1 });
    expect(r.ok, r.failures.join("; ")).toBe(true);
    expect(Math.min(...r.slopes.filter((x): x is number => x !== null))).toBeLessThan(1.5); // the dip is there
  });
});

describe("failures[] order (docs/library.md)", () => {
  it("gradient: failing directions in turn, then the full comparison, then the slope line last", () => {
    const { f, grad } = smooth(2, 3);
    const x = randomNormal(2, 3, rng(5));
    const r = checkGradient(f, (y) => scaled(grad(y), 1.001), x);
    expect(r.failures.map((s) => s.split(" ")[0] + (s.match(/direction (\d)/)?.[1] ?? ""))).toEqual(["finite0", "finite1", "finite2", "full", "Taylor"]);
  });
  it("Hessian: directions, then symmetry, then linearity, then the full comparison, the slope line last", () => {
    const { f, grad, hvp } = smooth(2, 3);
    const x = randomNormal(2, 3, rng(5));
    const fro = (v: Matrix) => frobeniusNorm(v);
    // asymmetric, nonlinear (scaled by ‖v‖²/‖x‖² around 1) and off: every test fails
    const xs2 = Math.max(fro(x), 1) ** 2;
    const bad = (y: Matrix, v: Matrix) => scaled(withEntry(hvp(y, v), 2, (h) => h + 0.1 * v.data[4]), (fro(v) ** 2 / xs2) * 1.01);
    const r = checkHessian(f, grad, bad, x, { directions: 1 });
    expect(r.failures.map((s) => s.split(" ")[0] + (s.includes("not linear") ? "-linear" : s.includes("not symmetric") ? "-symmetric" : ""))).toEqual([
      "finite", "Hessian-symmetric", "Hessian-vector-linear", "full", "Taylor",
    ]);
  });
});
