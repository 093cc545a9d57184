/**
 * Shrinking a claim's counterexample with fast-check.
 *
 * The claims draw their instances from an Rng. During the run each instance's
 * draws are recorded as a tape — the uniforms and the normals it consumed —
 * and replaying the tape rebuilds the same instance. A failing tape becomes a
 * fast-check example of the arbitrary {u: doubles in [0, 1), z: doubles}, and
 * fast-check shrinks it as it shrinks any value: shorter arrays (draws past
 * the end read 0, the simplest value) and numbers towards 0 — so sizes drawn
 * as 1 + ⌊u·k⌋ fall to 1 and entries towards 0, while the failure persists.
 * The smallest failing tape is replayed once more to report its instance.
 * (The idea is Hypothesis's byte-stream shrinking, done with fast-check.)
 */
import fc from "fast-check";
import type { Rng } from "../src/linalg/random.js";

export type Tape = { u: number[]; z: number[] };

/** Wraps an Rng, recording every draw. */
export function recording(r: Rng): { rng: Rng; tape: () => Tape } {
  const u: number[] = [], z: number[] = [];
  return {
    rng: {
      next: () => {
        const x = r.next();
        u.push(x);
        return x;
      },
      normal: () => {
        const x = r.normal();
        z.push(x);
        return x;
      },
    },
    tape: () => ({ u: [...u], z: [...z] }),
  };
}

/** An Rng that replays a tape, then draws 0. */
export function replaying(tape: Tape): Rng {
  let i = 0, j = 0;
  return {
    next: () => (i < tape.u.length ? tape.u[i++] : 0),
    normal: () => (j < tape.z.length ? tape.z[j++] : 0),
  };
}

const tapeArbitrary = fc.record({
  u: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
  z: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })),
});

/**
 * Shrinks a failing tape: `fails(tape)` replays it and returns the failure (or
 * null when the replayed instance passes). Returns the smallest failing tape
 * fast-check finds within `timeLimitMs`, with the number of shrinks.
 */
export function shrinkTape<F>(tape: Tape, fails: (t: Tape) => F | null, seed: number, timeLimitMs = 20_000): { tape: Tape; shrinks: number; failure: F } | null {
  let last: F | null = null;
  const out = fc.check(
    fc.property(tapeArbitrary, (t) => {
      try {
        return fails(t) === null;
      } catch {
        return true; // a tape that breaks the instance builder is not a counterexample of the claim
      }
    }),
    { examples: [[tape]], numRuns: 1, seed, interruptAfterTimeLimit: timeLimitMs },
  );
  if (!out.failed || !out.counterexample) return null;
  const smallest = out.counterexample[0] as Tape;
  last = fails(smallest);
  return last === null ? null : { tape: smallest, shrinks: out.numShrinks, failure: last };
}
