/**
 * Quick fake claims for the tests of the claim runner and of the CLI (issue
 * 12): a registry passed to main() (MainOptions.claims) or to runClaim, whose
 * checks run in microseconds and confirm, refute, throw or dawdle as a test
 * needs.
 */
import type { Claim } from "../proofs-check/claim.js";
import { type MarginTracker, overInstances } from "../proofs-check/margin.js";
import type { Rng } from "../src/linalg/random.js";

/** A claim whose every instance runs `body`; budget 0.2 s, one instance needed, unless `extra` says otherwise. */
export function fakeClaim(id: string, body: (r: Rng, mt: MarginTracker) => void | "outside", extra: Partial<Claim> = {}): Claim {
  return {
    id,
    file: "test/fake-claims.ts",
    title: `fake ${id}`,
    statement: "a fact",
    source: "paper",
    hypotheses: [],
    method: "fake",
    expect: "confirmed",
    minInstances: 1,
    budget: { base: 0.2, perRun: 0 },
    check: (ctx) => overInstances(ctx, "held", body),
    ...extra,
  };
}

/** Busy-waits `ms` milliseconds (a slow instance: a synchronous check cannot be interrupted). */
export function busy(ms: number): void {
  const t = performance.now();
  while (performance.now() - t < ms);
}
