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
 *
 * Both are bounded (issue 12): a replayed tape allows REPLAY_SPIN_LIMIT draws
 * past its end and then throws, so an instance generator that redraws until
 * it likes its draws cannot spin on the zeros; and shrinking stops after
 * SHRINK_LIMITS.steps replays or SHRINK_LIMITS.seconds (or the caller's
 * deadline), keeping the smallest failure found so far.
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

/** Draws past the end of a replayed tape before the replay gives up. */
export const REPLAY_SPIN_LIMIT = 100_000;

/** Thrown by a replayed tape read far past its end: the instance generator is looping on zeros. */
export class TapeExhausted extends Error {
  override readonly name = "TapeExhausted";
}

/** An Rng that replays a tape, then draws 0 — at most REPLAY_SPIN_LIMIT times, then throws TapeExhausted. */
export function replaying(tape: Tape): Rng {
  let i = 0, j = 0, past = 0;
  const zero = (): number => {
    if (++past > REPLAY_SPIN_LIMIT) throw new TapeExhausted(`replayed tape read ${REPLAY_SPIN_LIMIT} draws past its end`);
    return 0;
  };
  return {
    next: () => (i < tape.u.length ? tape.u[i++] : zero()),
    normal: () => (j < tape.z.length ? tape.z[j++] : zero()),
  };
}

/** Bounds on shrinking one counterexample: replays of the claim's instance, and wall time. */
export const SHRINK_LIMITS = { steps: 300, seconds: 15 };

const tapeArbitrary = fc.record({
  u: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
  z: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })),
});

/**
 * Shrinks a failing tape: `fails(tape)` replays it and returns the failure (or
 * null when the replayed instance passes). Returns the smallest failing tape
 * fast-check finds within the limits, with the number of shrinks. Past a limit
 * every further candidate counts as passing, so fast-check ends its search
 * with the smallest failure found so far (a replay is never interrupted: the
 * limits bound how many start, which bounds the time when each replay is
 * bounded).
 */
export function shrinkTape<F>(
  tape: Tape,
  fails: (t: Tape) => F | null,
  seed: number,
  limits: { steps?: number; seconds?: number } = {},
): { tape: Tape; shrinks: number; failure: F } | null {
  const maxSteps = limits.steps ?? SHRINK_LIMITS.steps;
  const stopAt = performance.now() + 1000 * (limits.seconds ?? SHRINK_LIMITS.seconds);
  let steps = 0, last: F | null = null;
  const out = fc.check(
    fc.property(tapeArbitrary, (t) => {
      if (steps > 0 && (steps >= maxSteps || performance.now() > stopAt)) return true;
      steps++;
      try {
        return fails(t) === null;
      } catch {
        return true; // a tape that breaks (or exhausts) the instance builder is not a counterexample of the claim
      }
    }),
    { examples: [[tape]], numRuns: 1, seed, interruptAfterTimeLimit: Math.max(1, stopAt - performance.now()) },
  );
  if (!out.failed || !out.counterexample) return null;
  const smallest = out.counterexample[0] as Tape;
  last = fails(smallest);
  return last === null ? null : { tape: smallest, shrinks: out.numShrinks, failure: last };
}
