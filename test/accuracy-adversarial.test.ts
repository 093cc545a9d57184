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
    for (const family of ["saddle", "tiny-tau", "boundary", "split-cluster"]) expect(cases.filter((c) => c.family === family).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => c.family === "warm").length).toBe(2);
    expect(cases.filter((c) => c.family === "singular-tiny-tau").length).toBe(3);
    expect(cases.filter((c) => c.family === "tau0-thin").length).toBe(4);
    expect(cases.filter((c) => c.family === "tau0-square").length).toBe(3);
    expect(cases.filter((c) => c.family === "polar").length).toBe(8);
  });

  // the "polar" family exists to hold the polar path (w-space.ts polarPath) to the targets: it must be taken there
  it("takes the polar path on every case of the family \"polar\"", () => {
    for (const c of cases.filter((c) => c.family === "polar")) expect(bwTarget(c.sigma0).lossAndGrad(c.W, { tau: c.tau }).path, c.label).toBe("polar");
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
      it(`${c.label}: Hessian and Hessian-vector product within 1e-9`, () => {
        const t = bwTarget(c.sigma0), H = c.expect.hessian as number[][];
        expect(relErr(t.hessian(c.W, { tau: c.tau }), H)).toBeLessThanOrEqual(1e-9);
        // D²L[E] = H vec(E) along E with entries 1, 2, …, nm (row-major)
        const m = c.W[0].length, e = fromRows(c.W.map((row, i) => row.map((_, j) => i * m + j + 1)));
        const want = H.map((row) => row.reduce((acc, h, k) => acc + h * e.data[k], 0));
        expect(relErr(fromRows([Array.from(t.hvp(c.W, e, { tau: c.tau }).data)]), [want])).toBeLessThanOrEqual(1e-9);
      });
    }
  }
});
