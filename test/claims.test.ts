/**
 * Every registered claim in quick mode: its status equals its `expect`, and
 * the same seed gives the same result.
 */
import { describe, expect, it } from "vitest";
import { claims } from "../proofs-check/registry.js";

describe("claims registry (quick mode)", () => {
  for (const claim of claims) {
    it(`${claim.id} ${claim.title}: ${claim.expect}`, () => {
      const ctx = { seed: 1234, runs: 8, progress: () => {} };
      const result = claim.check(ctx);
      expect(result.status, result.evidence).toBe(claim.expect);
      expect(result.instances).toBe(8);
      expect(claim.check(ctx)).toEqual(result);
    });
  }
});
