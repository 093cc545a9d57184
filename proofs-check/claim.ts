/**
 * The shape of a registered claim (DESIGN.md "Claims registry").
 */
export type ClaimStatus = "confirmed" | "refuted" | "inconclusive";

export type CheckContext = {
  readonly seed: number;
  /** random instances to try */
  readonly runs: number;
  /** called after each instance */
  progress(done: number, total: number): void;
};

export type ClaimResult = {
  status: ClaimStatus;
  /** one line a reader can act on */
  evidence: string;
  /** instances tried */
  instances: number;
  /** the smallest margin to failure seen (≥ 0 when every check passed), with its unit */
  worstMargin: { value: number; what: string };
  counterexample?: unknown;
};

export type Claim = {
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly source: "paper" | "authors' code";
  readonly hypotheses: readonly string[];
  readonly method: string;
  /** what the project expects; changed only with a written explanation in the claim's file */
  readonly expect: ClaimStatus;
  check(ctx: CheckContext): ClaimResult;
};
