/**
 * Counterexamples of refuted claims are shrunk by fast-check (proofs-check/
 * shrink.ts): a deliberately false "claim" — every Gaussian n×m matrix has
 * spectral norm below 2.5 — is refuted, and the reported counterexample is
 * smaller than the one first found (n = m = 1, an entry just beyond 2.5).
 */
import { describe, expect, it } from "vitest";
import { overInstances } from "../proofs-check/margin.js";
import { randomNormal } from "../src/linalg/random.js";
import { svd } from "../src/linalg/svd.js";
import { replaying } from "../proofs-check/shrink.js";

describe("fast-check shrinking of claim counterexamples", () => {
  const falseClaim = (seed: number) =>
    overInstances({ seed, runs: 200, progress: () => {} }, "never", (r, mt) => {
      const n = 1 + Math.floor(r.next() * 5), m = 1 + Math.floor(r.next() * 5);
      const w = randomNormal(n, m, r);
      const norm = svd(w).s[0];
      mt.record("‖W‖₂ < 2.5", norm, 2.5, () => ({ n, m, norm, W: Array.from(w.data) }));
    });

  it("reports the shrunk counterexample beside the original", () => {
    const res = falseClaim(3);
    expect(res.status).toBe("refuted");
    const ce = res.counterexample as { smallest: { n: number; m: number; norm: number }; original: { n: number; m: number; norm: number }; shrinks: number };
    expect(ce.shrinks).toBeGreaterThan(0);
    expect(ce.smallest.n).toBe(1);
    expect(ce.smallest.m).toBe(1);
    expect(ce.smallest.norm).toBeGreaterThan(2.5);
    expect(ce.smallest.norm).toBeLessThan(ce.original.norm + 1e-12);
    expect(res.evidence).toMatch(/shrunk by fast-check/);
  });

  it("is deterministic for a seed", () => {
    expect(falseClaim(5)).toEqual(falseClaim(5));
  });

  it("a replayed tape past its end draws zeros", () => {
    const r = replaying({ u: [0.25], z: [1.5] });
    expect([r.next(), r.next(), r.normal(), r.normal()]).toEqual([0.25, 0, 1.5, 0]);
  });
});
