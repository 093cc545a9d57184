/**
 * Typed errors of the numeric core. The message names the field and the
 * problem in one line; the CLI prints it unchanged (exit code 2).
 */

/** Bad input: wrong shape, non-finite entries, asymmetric or indefinite Σ0, negative τ … */
export class BwInputError extends Error {
  override readonly name = "BwInputError";
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** A derivative asked for where the loss is not differentiable (PAPER.md §2: τ = 0 and rank(R0 W) < min(n, m)). */
export class NotDifferentiableError extends Error {
  override readonly name = "NotDifferentiableError";
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}
