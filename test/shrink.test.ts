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
import { REPLAY_SPIN_LIMIT, replaying, shrinkTape, TapeExhausted } from "../proofs-check/shrink.js";
import { allClosedForms } from "../src/symbolic/closed-forms.js";
import { MAX_REDRAWS, randomScope } from "../src/symbolic/cross-check.js";

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

  it("a replayed tape stops a generator that spins on its zeros (TapeExhausted), it does not loop", () => {
    const r = replaying({ u: [], z: [] });
    expect(() => {
      while (r.normal() === 0); // "redraw until nonzero", as the instance generators do
    }).toThrow(TapeExhausted);
    const again = replaying({ u: [0.5], z: [] });
    for (let i = 0; i < REPLAY_SPIN_LIMIT; i++) again.normal();
    expect(() => again.normal()).toThrow(/past its end/);
  });

  it("randomScope (symbolic cross-check) returns a usable point from an all-zero tape (it used to loop forever)", () => {
    for (const form of allClosedForms()) {
      const s = randomScope(form, replaying({ u: [], z: [] }));
      if (form.space === "W") {
        const w = (i: number, k: number) => s[`w${i}${k}`] ?? 0;
        const tr = Array.from({ length: form.size }, (_, k) => w(1, k + 1) ** 2 + w(2, k + 1) ** 2).reduce((a, b) => a + b);
        expect(tr, form.name).toBeGreaterThan(0.05);
      }
      for (const v of Object.values(s)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(MAX_REDRAWS).toBeLessThanOrEqual(1000);
  });

  it("an instance generator that redraws on zeros still yields a refutation with a counterexample", () => {
    const res = overInstances({ seed: 7, runs: 30, progress: () => {} }, "never", (r, mt) => {
      let x = r.normal();
      while (Math.abs(x) < 0.5) x = r.normal(); // spins on a replayed tape's zeros
      mt.record("|x| < 1.5", Math.abs(x), 1.5, () => ({ x }));
    });
    expect(res.status).toBe("refuted");
    expect((res.counterexample as { smallest: { x: number } }).smallest.x).toBeDefined();
  });

  it("shrinking is bounded in steps: past the limit, the smallest failure so far is kept", () => {
    let calls = 0;
    const fails = (t: { u: number[]; z: number[] }) => {
      calls++;
      return t.z.reduce((a, b) => a + Math.abs(b), 0) > 10 ? { sum: t.z.reduce((a, b) => a + Math.abs(b), 0) } : null;
    };
    const tape = { u: [], z: Array.from({ length: 50 }, (_, i) => 1 + (i % 7)) };
    const shrunk = shrinkTape(tape, fails, 1, { steps: 5 })!;
    expect(shrunk.failure.sum).toBeGreaterThan(10);
    expect(calls).toBeLessThanOrEqual(5 + 1); // 5 replays inside fast-check, one to report the smallest
    calls = 0;
    const unbounded = shrinkTape(tape, fails, 1, { steps: 10_000 })!;
    expect(calls).toBeGreaterThan(6);
    expect(unbounded.failure.sum).toBeLessThanOrEqual(shrunk.failure.sum);
  });

  it("shrinking is bounded in time", () => {
    const slow = (t: { u: number[]; z: number[] }) => {
      const t0 = performance.now();
      while (performance.now() - t0 < 20);
      return t.z.length > 3 ? { n: t.z.length } : null;
    };
    const t0 = performance.now();
    const shrunk = shrinkTape({ u: [], z: Array.from({ length: 200 }, () => 1) }, slow, 1, { steps: 10_000, seconds: 0.3 });
    expect(shrunk).not.toBeNull();
    expect((performance.now() - t0) / 1000).toBeLessThan(0.3 + 0.2);
  });
});
