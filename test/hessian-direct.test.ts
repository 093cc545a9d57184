/**
 * The Hessian assembled directly from one SVD (bures/hessian-direct.ts)
 * against the Hessian-vector-product assembly and the 50-digit references
 * (test/fixtures/bw-scaling-cases.json: n = 4, 8 and cond A from 1e2 to 1e12).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { factorTarget } from "../src/bures/factors.js";
import { hessianFromSvd } from "../src/bures/hessian-direct.js";
import { bwTarget } from "../src/bures/target.js";
import { hessianByHvp, wNuclearPoint } from "../src/bures/w-space.js";
import { fromRows } from "../src/linalg/matrix.js";
import { relativeError } from "../src/linalg/ops.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";

type ScalingCase = { family: string; sigma0: number[][]; W: number[][]; tau: number; expect: { hessian?: number[][]; condA: number } };
const scaling: ScalingCase[] = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/bw-scaling-cases.json", import.meta.url)), "utf8")).cases;

describe("hessianFromSvd", () => {
  const shapes: [number, number, number][] = [[1, 1, 0.1], [2, 2, 0], [3, 3, 0.1], [4, 2, 0.1], [2, 5, 0], [3, 5, 0.2], [5, 3, 0.05], [6, 6, 0], [9, 7, 0.1]];
  for (const [n, m, tau] of shapes) {
    it(`equals the Hessian-vector-product assembly at ${n}×${m}, τ = ${tau}`, () => {
      const r = rng(10 * n + m);
      const f = factorTarget(randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.3 + i), r));
      const w = randomNormal(n, m, r);
      const pt = wNuclearPoint(f, w, tau, true);
      const direct = hessianFromSvd(f, pt, m);
      expect(direct).not.toBeNull();
      expect(relativeError(direct!, hessianByHvp(f, pt, w, tau))).toBeLessThanOrEqual(1e-13);
      for (let i = 0; i < n * m; i++) for (let j = 0; j < i; j++) expect(direct!.data[i * n * m + j]).toBe(direct!.data[j * n * m + i]);
    });
  }

  it("declines a point whose R0 W has rank below n (τ = 0, m < n), where the caller falls back to Hessian-vector products", () => {
    const r = rng(3);
    const f = factorTarget(randomWithSpectrum([3, 2, 1, 0.5], r));
    const w = randomNormal(4, 2, r);
    const pt = wNuclearPoint(f, w, 0, true);
    expect(hessianFromSvd(f, pt, 2)).toBeNull();
    expect(relativeError(bwTarget(f.sigma0).hessian(w), hessianByHvp(f, pt, w, 0))).toBe(0);
  });

  const withHessian = scaling.filter((c) => c.expect.hessian);
  it("has 50-digit Hessians across cond A = 1e2 … 1e12", () => {
    expect(withHessian.length).toBeGreaterThanOrEqual(14);
    expect(Math.max(...withHessian.map((c) => c.expect.condA))).toBeGreaterThan(1e11);
  });
  for (const c of withHessian) {
    it(`matches the 50-digit Hessian to 1e-9 (${c.family}, n = ${c.sigma0.length}, τ = ${c.tau}, cond A ${c.expect.condA.toExponential(0)})`, () => {
      const h = bwTarget(c.sigma0).hessian(c.W, { tau: c.tau });
      expect(relativeError(h, fromRows(c.expect.hessian!))).toBeLessThanOrEqual(1e-9);
    });
  }
});
