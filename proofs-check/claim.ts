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
  /** for a refuted claim: { smallest (shrunk by fast-check), failedCheck, shrinks, original } */
  counterexample?: unknown;
};

/** A figure a claim contributes to the report: a Vega-Lite specification, rendered to SVG by the report writer. */
export type FigureSpec = { name: string; title: string; spec: import("vega-lite").TopLevelSpec };

export type Claim = {
  readonly id: string;
  /** the file in proofs-check/ that states and checks the claim */
  readonly file: string;
  readonly title: string;
  readonly statement: string;
  readonly source: "paper" | "authors' code";
  readonly hypotheses: readonly string[];
  readonly method: string;
  /** what the project expects; changed only with a written explanation in the claim's file */
  readonly expect: ClaimStatus;
  check(ctx: CheckContext): ClaimResult;
  /** figures for the report, computed from the seed */
  figures?(seed: number): FigureSpec[];
};
