/**
 * The shape of a registered claim (DESIGN.md "Claims registry").
 */
import type { Matrix } from "../src/linalg/matrix.js";
import type { Target } from "../src/bures/target.js";
import type { FixedRankPoint } from "../src/landscape/fixed-rank.js";
import { count } from "../src/report/wording.js";

/**
 * What a check can conclude. "error" (the check itself threw) and
 * "timed out" (the claim ran past its time budget) are never a claim's
 * expectation: they are set by the runner (run-claim.ts), not by a check.
 */
export type ClaimStatus = "confirmed" | "refuted" | "inconclusive" | "error" | "timed out";
/** The statuses a check may return, and a claim may expect. */
export type Verdict = "confirmed" | "refuted" | "inconclusive";

/**
 * Implementations a check uses, injectable so that a test can hand a claim a
 * deliberately broken formula (a gradient missing its factor 2) and see it
 * refuted, without editing src/. Absent fields use the numeric core.
 */
export type Implementations = {
  /** builds the loss object for a target Σ0 (default bwTarget) */
  target?: (sigma0: Matrix) => Target;
  /** the tangent projection P_X of M_k at a rank-k point (default fixed-rank.ts tangentProject; C5) */
  tangentProject?: (p: FixedRankPoint, z: Matrix) => Matrix;
};

export type CheckContext = {
  readonly seed: number;
  /** random instances to try */
  readonly runs: number;
  /** called after each instance */
  progress(done: number, total: number): void;
  /**
   * performance.now() after which the check must stop: overInstances throws
   * ClaimTimeout before the next instance, and shrinking stops early.
   */
  readonly deadline?: number;
  readonly impl?: Implementations;
};

/** A margin reported the same way everywhere (margin.ts formatMargin, docs/cli-contract.md). */
export type Margin = {
  /**
   * Two-sided checks (an error against its tolerance): the largest
   * error/tolerance seen; a check holds while it is ≤ 1. NaN when the claim
   * has no such check.
   */
  value: number;
  /** the quantity and its unit, "error/tolerance (fails above 1)" */
  what: string;
  /** the check where the largest error/tolerance was seen */
  at?: string;
  /**
   * One-sided inequalities (lhs ≤ rhs): the smallest slack (rhs − lhs) as a
   * fraction of `scale`; it fails below −tolerance (round-off).
   */
  slack?: { value: number; scale: string; at: string; tolerance: number };
};

export type ClaimResult = {
  status: Verdict;
  /** one line a reader can act on */
  evidence: string;
  /** instances judged (those outside the claim's hypotheses are not counted) */
  instances: number;
  /** how close the checks came to failing (see Margin) */
  worstMargin: Margin;
  /** for a refuted claim: { smallest (shrunk by fast-check), failedCheck, shrinks, original } */
  counterexample?: unknown;
};

/** Thrown by overInstances when the context's deadline has passed. */
export class ClaimTimeout extends Error {
  override readonly name = "ClaimTimeout";
  constructor(readonly instancesDone: number, readonly runs: number) {
    super(`stopped after ${instancesDone} of ${count(runs, "instance")}: the time budget ran out`);
  }
}

/** A figure a claim contributes to the report: a Vega-Lite specification, rendered to SVG by the report writer. */
/**
 * The fewest judged instances any registered claim's verdict rests on. It was
 * 1 for every claim, so `verify --runs 1` confirmed all twelve on one random
 * instance each (found by a newcomer): a "confirmed" that a single draw can
 * give is green by accident. Ten draws cost about half a second for all
 * twelve claims together.
 */
export const MIN_INSTANCES = 10;

export type FigureSpec = { name: string; title: string; spec: import("../src/report/spec.js").VegaLiteSpec };

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
  readonly expect: Verdict;
  /**
   * The fewest judged instances a verdict may rest on: fewer, and the claim
   * is inconclusive; `--runs` below it is refused (exit 2).
   */
  readonly minInstances: number;
  /**
   * Time budget in seconds for `runs` instances (with shrinking and figures
   * excluded): base + perRun·runs, about 10× the time measured on 2 shared
   * cores. Past it the claim is "timed out" (a failure). --claim-timeout
   * overrides it.
   */
  readonly budget: { base: number; perRun: number };
  check(ctx: CheckContext): ClaimResult;
  /** figures for the report, computed from the seed */
  figures?(seed: number): FigureSpec[];
};
