/**
 * The symbolic cross-check's acceptance rule (found by the mutation corpus,
 * docs/mutants.md): a derivation is accepted only when its *worst* point
 * agrees with the numeric core and with finite differences (DESIGN.md
 * "Symbolic": nothing is reported without the cross-check). A derivation
 * that is wrong on a region of the domain — one branch of a case split, one
 * side of a threshold — must be rejected even when most sample points miss
 * that region.
 */
import { describe, expect, it } from "vitest";
import { sigmaForm } from "../src/symbolic/closed-forms.js";
import { crossCheck } from "../src/symbolic/cross-check.js";
import { deriveWithMathjs } from "../src/symbolic/mathjs-engine.js";
import { math } from "../src/symbolic/mathjs-instance.js";

describe("the cross-check judges the worst point, not the typical one", () => {
  const form = sigmaForm();
  const d = deriveWithMathjs(form);

  it("rejects a gradient that is 1 % off only where s11 > 2.5 (a minority of the points)", () => {
    const broken = { ...d, gradient: [...d.gradient] };
    const g = d.gradient[0].toString();
    broken.gradient[0] = math.parse(`s11 > 2.5 ? 1.01 * (${g}) : (${g})`);
    const c = crossCheck(form, { points: 40, fdPoints: 40, derivatives: broken });
    // the region is hit, by fewer than half of the points: the median is clean
    expect(c.gradient.max).toBeGreaterThan(1e-3);
    expect(c.gradient.median).toBeLessThan(1e-10);
    expect(c.fdGradient.max).toBeGreaterThan(1e-3);
    expect(c.agrees).toBe(false);
  });

  it("rejects a Hessian entry that is 1 % off only there", () => {
    const broken = { ...d, hessian: d.hessian!.map((row) => [...row]) };
    const h = d.hessian![2][2].toString();
    broken.hessian[2][2] = math.parse(`s11 > 2.5 ? 1.01 * (${h}) : (${h})`);
    const c = crossCheck(form, { points: 40, fdPoints: 40, derivatives: broken });
    expect(c.hessian!.max).toBeGreaterThan(1e-4);
    expect(c.hessian!.median).toBeLessThan(1e-10);
    expect(c.agrees).toBe(false);
  });

  it("rejects a Hessian that only finite differences can see to be wrong (engine and core share the mistake)", () => {
    // hand the check a wrong Hessian and compare it with FD only: the numeric
    // core's reference is the right one, so pretend the core agrees by asking
    // for a tolerance it cannot miss, and keep the FD tolerance
    const broken = { ...d, hessian: d.hessian!.map((row) => [...row]) };
    broken.hessian[0][0] = math.parse(`1.01 * (${d.hessian![0][0].toString()})`);
    const c = crossCheck(form, { points: 10, fdPoints: 10, derivatives: broken, tolerance: 1 });
    expect(c.hessian!.max).toBeLessThan(1);
    expect(c.fdHessian!.max).toBeGreaterThan(1e-4);
    expect(c.agrees).toBe(false);
  });
});
