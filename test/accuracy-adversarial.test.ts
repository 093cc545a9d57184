/**
 * Inputs found by an adversarial search of the W-space core's answers
 * (test/fixtures/accuracy-adversarial.json, scripts/gen-accuracy-adversarial.py,
 * references at 60–80 digits from the stored doubles; docs/accuracy-adversarial.md).
 * The accuracy targets (docs/accuracy-adversarial.md) through the public API:
 *   |L − L_ref| ≤ 1e-12 |L_ref| + 2n · floor_L,
 *   ‖∇L − ∇L_ref‖_F ≤ 1e-12 ‖∇L_ref‖_F + 2n · floor_∇,
 * floor = the first-order change when every input entry moves by one rounding
 * (the limit of any double-precision method at that input; the factor 2n as
 * in test/rank-references.test.ts: R0 comes from an eigensolver whose backward
 * error is normwise), and Hessians to 1e-9 relative (Frobenius).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { LayerObjective } from "../src/network/objective.js";
import { fromRows, toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { relErr } from "./helpers.js";

type Case = {
  family: string;
  label: string;
  sigma0: number[][];
  W: number[][];
  tau: number;
  trajectory?: number[][][];
  expect: { loss: number; grad: number[][]; hessian?: number[][]; condA: number; lossRoundingFloor: number; gradRoundingFloor: number };
};
/**
 * Hessians that still miss 1e-9 (known, not fixed here): at τ = 1e-14 … 1e-24
 * with m < n, Y = [R0 W, √τ R0] has singular values √(τ λ_i) ≈ 1e-7 … 1e-12
 * along the complement of R0 W, and the Hessian's 1/(σ_i + σ_j) terms need
 * them, and their singular vectors, to relative accuracy; the one-sided Jacobi
 * SVD (linalg/svd.ts) resolves them to its normwise accuracy ε σ_1 only, so the
 * Hessian is off by ≈ ε σ_1 / σ_i (1.9e-9 at τ = 1e-14, 2.9e-4 at τ = 1e-24),
 * while one rounding of every input moves it by 4e-16 at most. These tests
 * are marked as failing: they pass (and the mark must go) once the Hessian is
 * formed from a relatively accurate SVD.
 */
const KNOWN_HESSIAN_MISSES = new Set([
  "tiny tau 1e-20, tail 0.01, 4x1",
  "tiny tau 1e-24, tail 0.01, 4x1",
  "tiny tau 1e-14, tail 1, 4x1",
  "tiny tau 1e-20, tail 0.01, 6x2",
  "tiny tau 1e-14, tail 1, 6x2",
  "tiny tau 1e-20, tail 1, 6x2",
  "tiny tau 1e-24, tail 1, 6x2",
]);

const cases: Case[] = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/accuracy-adversarial.json", import.meta.url)), "utf8")).cases;

/**
 * A "warm" case: the stored trajectory fed in order to one LayerObjective
 * (N = 1, so its layer gradient is ∇L_τ(W)), whose warm start carries the
 * previous step's singular vectors from one evaluation to the next; the
 * answer at the last point (c.W) is checked.
 */
function warmStarted(c: Case): { loss: number; grad: number[][] } {
  const n = c.sigma0.length;
  const objective = new LayerObjective(bwTarget(c.sigma0), [n, n], c.tau);
  let last = { loss: Number.NaN, grad: [] as number[][] };
  for (const w of c.trajectory as number[][][]) {
    const { loss, grads } = objective.evaluate([fromRows(w)]);
    last = { loss, grad: toRows(grads[0]) };
  }
  expect((c.trajectory as number[][][]).at(-1)).toEqual(c.W);
  return last;
}

describe("adversarial accuracy cases (60–80-digit mpmath)", () => {
  it("has the families the generator promises", () => {
    for (const family of ["saddle", "tiny-tau", "boundary"]) expect(cases.filter((c) => c.family === family).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => c.family === "warm").length).toBe(2);
  });

  for (const c of cases) {
    const n = c.sigma0.length;
    it(`${c.label}: loss and gradient within 1e-12 of their value beyond the inputs' rounding`, () => {
      const r = c.trajectory ? warmStarted(c) : bwTarget(c.sigma0).lossAndGrad(c.W, { tau: c.tau });
      const lossBound = 1e-12 * Math.abs(c.expect.loss) + 2 * n * c.expect.lossRoundingFloor;
      expect(Math.abs(r.loss - c.expect.loss) / lossBound).toBeLessThanOrEqual(1);
      const gradBound = 1e-12 * frobeniusNorm(fromRows(c.expect.grad)) + 2 * n * c.expect.gradRoundingFloor;
      expect((relErr(r.grad, c.expect.grad) * frobeniusNorm(fromRows(c.expect.grad))) / gradBound).toBeLessThanOrEqual(1);
    });
    if (c.expect.hessian) {
      (KNOWN_HESSIAN_MISSES.has(c.label) ? it.fails : it)(`${c.label}: Hessian within 1e-9`, () => {
        expect(relErr(bwTarget(c.sigma0).hessian(c.W, { tau: c.tau }), c.expect.hessian as number[][])).toBeLessThanOrEqual(1e-9);
      });
    }
  }
});
