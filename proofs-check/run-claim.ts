/**
 * Running one claim under the verdict rules of issue 12 (DESIGN.md "CLI",
 * exit codes): a verdict needs evidence, a check that throws is an error, and
 * a claim that runs past its time budget is timed out.
 *   - confirmed on fewer judged instances than claim.minInstances → inconclusive;
 *   - the check threw → "error" (never "refuted": the claim was not judged).
 *     This is the claim's own machinery failing (drawing an instance, the
 *     check's code). The library under test throwing on a valid instance is
 *     caught inside the check (margin.ts MarginTracker.underTest) and refutes
 *     the claim with that instance, like a wrong number;
 *   - the deadline passed between instances (ClaimTimeout), or the check
 *     returned after its budget → "timed out".
 * "error" and "timed out" never equal an expectation, so they fail the run.
 */
import { type Claim, ClaimTimeout, type ClaimResult, type ClaimStatus, type Implementations, type Margin } from "./claim.js";
import { count } from "../src/report/wording.js";

export type ClaimOutcome = Omit<ClaimResult, "status"> & { status: ClaimStatus; seconds: number; budgetSeconds: number };

/** The claim's budget for `runs` instances, in seconds (claim.budget, or the override). */
export function budgetSeconds(claim: Claim, runs: number, override?: number): number {
  return override ?? claim.budget.base + claim.budget.perRun * runs;
}

const NO_MARGIN: Margin = { value: Number.NaN, what: "no margin: the check did not finish" };

export function runClaim(
  claim: Claim,
  opts: { seed: number; runs: number; progress?: (done: number, total: number) => void; timeoutSeconds?: number; impl?: Implementations },
): ClaimOutcome {
  const budget = budgetSeconds(claim, opts.runs, opts.timeoutSeconds);
  const t0 = performance.now();
  const deadline = t0 + 1000 * budget;
  const seconds = () => (performance.now() - t0) / 1000;
  const over = `its time budget of ${budget} s (--claim-timeout SECONDS changes it)`;
  let result: ClaimResult;
  try {
    result = claim.check({ seed: opts.seed, runs: opts.runs, progress: opts.progress ?? (() => {}), deadline, impl: opts.impl });
  } catch (err) {
    if (err instanceof ClaimTimeout) {
      return { status: "timed out", evidence: `ran past ${over}: ${err.message}`, instances: err.instancesDone, worstMargin: NO_MARGIN, seconds: seconds(), budgetSeconds: budget };
    }
    const msg = err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
    return { status: "error", evidence: `the check itself threw: ${msg.replace(/\s*\n\s*/g, " ")}`, instances: 0, worstMargin: NO_MARGIN, seconds: seconds(), budgetSeconds: budget };
  }
  const out: ClaimOutcome = { ...result, seconds: seconds(), budgetSeconds: budget };
  if (result.status === "confirmed" && result.instances < claim.minInstances) {
    out.status = "inconclusive";
    out.evidence = `no verdict: ${count(result.instances, "instance")} judged, and a verdict on ${claim.id} needs at least ${claim.minInstances}`;
  }
  if (out.status !== "refuted" && out.seconds > budget) {
    out.status = "timed out";
    out.evidence = `finished after ${out.seconds.toFixed(1)} s, past ${over}; its result was: ${result.status}, ${result.evidence}`;
  }
  return out;
}
