import { type Rng, rng } from "../src/linalg/random.js";
import { type CheckContext, ClaimTimeout, type ClaimResult, type Margin } from "./claim.js";
import { formatMargin, MARGIN_UNIT } from "../src/report/results.js";
import { recording, replaying, SHRINK_LIMITS, shrinkTape, type Tape } from "./shrink.js";
import { count } from "../src/report/wording.js";

/** Ends an instance whose library call threw (MarginTracker.underTest): the failure is already recorded. */
class LibraryThrew extends Error {
  override readonly name = "LibraryThrew";
}

/**
 * Bookkeeping shared by the claim checks. Every check is one of three kinds,
 * and its margin is reported one way everywhere (evidence, results.json,
 * summary.md; docs/cli-contract.md "Reading margins"):
 *   - record: an error against a tolerance (|a − b|/scale ≤ tol); the margin
 *     is error/tolerance, "0.082× tolerance": the check fails above 1;
 *   - atLeast: a one-sided inequality lhs ≤ rhs; the margin is the slack
 *     (rhs − lhs) as a fraction of a named scale, "slack 3.1e-2 of tr Σ0":
 *     the check fails when the slack is below −tolerance (round-off);
 *   - holds: a yes/no fact (a count of increases, a classification); no margin.
 * The first instance that breaks a check is kept as the counterexample.
 *
 * Exceptions are told apart by where they come from (issue 15):
 *   - underTest: a call of the library under test on a valid instance (one
 *     the claim's generator built within the hypotheses). If it throws, the
 *     library failed on an instance the claim covers: a counterexample, the
 *     claim is refuted with that instance, as when a number is wrong;
 *   - anything else that throws — drawing the instance, building Σ0 or a
 *     start, the check's own code — is the claim's machinery failing: it
 *     propagates, and the runner (run-claim.ts) reports "error".
 */
export class MarginTracker {
  worstRatio = Number.NaN;
  worstWhat = "";
  minSlack = Number.NaN;
  minSlackWhat = "";
  minSlackScale = "";
  minSlackTolerance = 0;
  failure: { what: string; detail: string; instance: unknown } | null = null;

  private fail(what: string, detail: string, instance: () => unknown): void {
    if (!this.failure) this.failure = { what, detail, instance: instance() };
  }

  /** Records error ≤ tolerance (an error of NaN fails); returns whether it held. */
  record(what: string, error: number, tolerance: number, instance: () => unknown): boolean {
    const ratio = Number.isNaN(error) ? Infinity : error / tolerance;
    if (!(ratio <= this.worstRatio) || this.worstWhat === "") {
      this.worstRatio = ratio;
      this.worstWhat = what;
    }
    if (!(ratio <= 1)) this.fail(what, `error ${Number.isFinite(ratio) ? ratio.toPrecision(3) : String(error)}× its tolerance`, instance);
    return ratio <= 1;
  }

  /**
   * Records the one-sided inequality lhs ≤ rhs through its slack
   * (rhs − lhs)/scale, `scale` naming the normalisation (e.g. "tr Σ0"); it
   * holds when slack ≥ −tolerance. Returns whether it held.
   */
  atLeast(what: string, slack: number, scale: string, tolerance: number, instance: () => unknown): boolean {
    const ok = slack >= -tolerance; // NaN fails
    if (!(slack >= this.minSlack) || this.minSlackWhat === "") {
      this.minSlack = Number.isNaN(slack) ? -Infinity : slack;
      this.minSlackWhat = what;
      this.minSlackScale = scale;
      this.minSlackTolerance = tolerance;
    }
    if (!ok) this.fail(what, `slack ${Number.isNaN(slack) ? "NaN" : slack.toPrecision(3)} of ${scale}, below −${tolerance}`, instance);
    return ok;
  }

  /**
   * Runs `call`, a call of the library under test on a valid instance. If it
   * throws, the failure is recorded as this instance's counterexample
   * ("<what> failed: threw on a valid instance: <message>") and the rest of
   * the instance is skipped (LibraryThrew, caught by overInstances).
   * ClaimTimeout, and the LibraryThrew of a nested call, pass through.
   */
  underTest<T>(what: string, call: () => T, instance: () => unknown): T {
    try {
      return call();
    } catch (err) {
      if (err instanceof ClaimTimeout || err instanceof LibraryThrew) throw err;
      const msg = err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
      this.fail(what, `threw on a valid instance: ${msg.replace(/\s*\n\s*/g, " ")}`, instance);
      throw new LibraryThrew(what);
    }
  }

  /** Records a yes/no fact with no margin (`detail` says what was seen when it fails). */
  holds(what: string, ok: boolean, detail: string, instance: () => unknown): boolean {
    if (!ok) this.fail(what, detail, instance);
    return ok;
  }

  margin(): Margin {
    return {
      value: this.worstRatio,
      what: MARGIN_UNIT,
      ...(this.worstWhat === "" ? {} : { at: this.worstWhat }),
      ...(this.minSlackWhat === "" ? {} : { slack: { value: this.minSlack, scale: this.minSlackScale, at: this.minSlackWhat, tolerance: this.minSlackTolerance } }),
    };
  }

  /** The claim's result: refuted with the first failing instance, or confirmed with `confirmed` as evidence. */
  result(instances: number, confirmed: string): ClaimResult {
    const f = this.failure;
    if (f) {
      return { status: "refuted", evidence: `${f.what} failed: ${f.detail}`, instances, worstMargin: this.margin(), counterexample: f.instance };
    }
    const m = formatMargin(this.margin());
    return { status: "confirmed", evidence: m ? `${confirmed} (${m})` : confirmed, instances, worstMargin: this.margin() };
  }
}

/** Runs one instance; an instance ended by LibraryThrew was judged (and failed). */
function runInstance(body: (r: Rng, mt: MarginTracker) => void | "outside", r: Rng, mt: MarginTracker): void | "outside" {
  try {
    return body(r, mt);
  } catch (err) {
    if (err instanceof LibraryThrew) return;
    throw err;
  }
}

/**
 * The loop every numeric claim runs: `ctx.runs` instances from one seeded
 * generator, progress after each, the tracker's result at the end. A body
 * that returns "outside" drew an instance outside the claim's hypotheses: it
 * is counted but not judged, and `instances` counts only the judged ones.
 * Before each instance the context's deadline is checked (ClaimTimeout).
 * When an instance fails, its draws were recorded, and fast-check shrinks
 * them to the smallest instance that still fails (shrink.ts, bounded by
 * SHRINK_LIMITS and the deadline): that is the counterexample reported,
 * beside the original one. A library call that throws on the instance
 * (MarginTracker.underTest) fails it like a wrong number; any other exception
 * propagates (the runner's "error").
 */
export function overInstances(ctx: CheckContext, confirmed: string, body: (r: Rng, mt: MarginTracker) => void | "outside"): ClaimResult {
  const r = rng(ctx.seed);
  const mt = new MarginTracker();
  let failingTape: Tape | null = null, judged = 0;
  for (let run = 0; run < ctx.runs; run++) {
    if (ctx.deadline !== undefined && performance.now() > ctx.deadline) throw new ClaimTimeout(run, ctx.runs);
    const rec = recording(r);
    const failedBefore = mt.failure !== null;
    if (runInstance(body, rec.rng, mt) !== "outside") judged++;
    if (!failedBefore && mt.failure) failingTape = rec.tape();
    ctx.progress(run + 1, ctx.runs);
  }
  const result = mt.result(judged, confirmed);
  if (failingTape && mt.failure) {
    const replay = (t: Tape) => {
      const fresh = new MarginTracker();
      runInstance(body, replaying(t), fresh);
      return fresh.failure;
    };
    const left = ctx.deadline === undefined ? Infinity : (ctx.deadline - performance.now()) / 1000;
    const shrunk = shrinkTape(failingTape, replay, ctx.seed, { seconds: Math.max(0.1, Math.min(SHRINK_LIMITS.seconds, left)) });
    if (shrunk) {
      result.counterexample = { smallest: shrunk.failure.instance, failedCheck: shrunk.failure.what, shrinks: shrunk.shrinks, original: mt.failure.instance };
      result.evidence += ` (counterexample shrunk by fast-check in ${count(shrunk.shrinks, "step")})`;
    }
  }
  return result;
}
