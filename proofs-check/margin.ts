import { type Rng, rng } from "../src/linalg/random.js";
import type { CheckContext, ClaimResult } from "./claim.js";

/**
 * Bookkeeping shared by the claim checks: the worst ratio error/tolerance over
 * all instances, and the first instance that broke a tolerance.
 */
export class MarginTracker {
  worstRatio = 0;
  worstWhat = "";
  failure: { what: string; ratio: number; instance: unknown } | null = null;

  /** Records error ≤ tolerance; returns whether it held. */
  record(what: string, error: number, tolerance: number, instance: () => unknown): boolean {
    const ratio = Number.isFinite(error) ? error / tolerance : Infinity;
    if (ratio > this.worstRatio || this.worstWhat === "") {
      this.worstRatio = ratio;
      this.worstWhat = what;
    }
    if (ratio > 1 && !this.failure) this.failure = { what, ratio, instance: instance() };
    return ratio <= 1;
  }

  /** 1 − worst error/tolerance: positive while every check held. */
  margin(): { value: number; what: string } {
    return { value: 1 - this.worstRatio, what: `1 − error/tolerance, worst at ${this.worstWhat}` };
  }

  /** The claim's result: refuted with the first failing instance, or confirmed with `confirmed` as evidence. */
  result(instances: number, confirmed: string): ClaimResult {
    const f = this.failure;
    if (f) {
      return {
        status: "refuted",
        evidence: `${f.what} failed: error ${f.ratio.toPrecision(3)}× its tolerance`,
        instances,
        worstMargin: this.margin(),
        counterexample: f.instance,
      };
    }
    return {
      status: "confirmed",
      evidence: `${confirmed} (worst ${this.worstRatio.toPrecision(2)}× tolerance, at ${this.worstWhat})`,
      instances,
      worstMargin: this.margin(),
    };
  }
}

/**
 * The loop every numeric claim runs: `ctx.runs` instances from one seeded
 * generator, progress after each, the tracker's result at the end.
 */
export function overInstances(ctx: CheckContext, confirmed: string, body: (r: Rng, mt: MarginTracker) => void): ClaimResult {
  const r = rng(ctx.seed);
  const mt = new MarginTracker();
  for (let run = 0; run < ctx.runs; run++) {
    body(r, mt);
    ctx.progress(run + 1, ctx.runs);
  }
  return mt.result(ctx.runs, confirmed);
}
