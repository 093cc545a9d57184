import { type Rng, rng } from "../src/linalg/random.js";
import type { CheckContext, ClaimResult } from "./claim.js";
import { recording, replaying, shrinkTape, type Tape } from "./shrink.js";

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
 * generator, progress after each, the tracker's result at the end. When an
 * instance fails, its draws were recorded, and fast-check shrinks them to the
 * smallest instance that still fails (shrink.ts): that is the counterexample
 * reported, beside the original one.
 */
export function overInstances(ctx: CheckContext, confirmed: string, body: (r: Rng, mt: MarginTracker) => void): ClaimResult {
  const r = rng(ctx.seed);
  const mt = new MarginTracker();
  let failingTape: Tape | null = null;
  for (let run = 0; run < ctx.runs; run++) {
    const rec = recording(r);
    const failedBefore = mt.failure !== null;
    body(rec.rng, mt);
    if (!failedBefore && mt.failure) failingTape = rec.tape();
    ctx.progress(run + 1, ctx.runs);
  }
  const result = mt.result(ctx.runs, confirmed);
  if (failingTape && mt.failure) {
    const replay = (t: Tape) => {
      const fresh = new MarginTracker();
      body(replaying(t), fresh);
      return fresh.failure;
    };
    const shrunk = shrinkTape(failingTape, replay, ctx.seed);
    if (shrunk) {
      result.counterexample = { smallest: shrunk.failure.instance, failedCheck: shrunk.failure.what, shrinks: shrunk.shrinks, original: mt.failure.instance };
      result.evidence += ` (counterexample shrunk by fast-check in ${shrunk.shrinks} steps)`;
    }
  }
  return result;
}
