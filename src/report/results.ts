/**
 * The results of a verify run, as written to results.json: one entry per
 * claim with its status, expectation, evidence, margin, counterexample and
 * figures. Everything in it is a function of the seed and the runs except the
 * timing field `seconds`, so two runs with the same seed give byte-identical
 * files once `seconds` is set aside.
 */
/** "error": the check threw; "timed out": it ran past its time budget. Neither is ever expected. */
export type ClaimStatus = "confirmed" | "refuted" | "inconclusive" | "error" | "timed out";
export type Verdict = "confirmed" | "refuted" | "inconclusive";

export type ClaimRecord = {
  id: string;
  title: string;
  statement: string;
  hypotheses: string[];
  source: "paper" | "authors' code";
  method: string;
  file: string;
  status: ClaimStatus;
  expect: Verdict;
  seed: number;
  runs: number;
  instances: number;
  evidence: string;
  /**
   * value: the largest error/tolerance of the two-sided checks (null when
   * none), at `at`; slack: the smallest slack of the one-sided inequalities as
   * a fraction of `scale` (proofs-check/margin.ts, docs/cli-contract.md).
   */
  worstMargin: { value: number | null; what: string; at?: string; slack?: { value: number | null; scale: string; at: string; tolerance: number } };
  counterexample?: unknown;
  /** paths relative to the directory of results.json */
  figures: { path: string; title: string }[];
  /** the time budget the claim ran under (claim.budget for these runs, or --claim-timeout) */
  budgetSeconds: number;
  /** timing: the only field that differs between runs with the same seed */
  seconds: number;
};

export type VerifyResults = {
  seed: number;
  runs: number;
  shard: string | null;
  claims: ClaimRecord[];
  /** set by `merge --allow-partial` when shards are missing: the report is partial */
  missing?: { shards: string[]; claims: string[] };
};

export function unexpected(results: VerifyResults): ClaimRecord[] {
  return results.claims.filter((c) => c.status !== c.expect);
}

/** JSON with NaN/Infinity margins turned into null (JSON has neither). */
export function resultsJson(results: VerifyResults): string {
  return JSON.stringify(results, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1) + "\n";
}

/** The unit of a margin's `value` (proofs-check/margin.ts). */
export const MARGIN_UNIT = "error/tolerance (fails above 1)";

/**
 * A margin in the words used everywhere: "worst error 0.082× tolerance, at
 * X; smallest slack 0.031 of tr Σ0 (fails below −1e-12), at Y"; "" when
 * there is neither.
 */
export function formatMargin(m: { value: number | null; at?: string; slack?: { value: number | null; scale: string; at: string; tolerance: number } }): string {
  const num = (x: number | null, inf: string) => (x === null ? "none" : Number.isFinite(x) ? x.toPrecision(2) : inf);
  const parts: string[] = [];
  if (m.value !== null && !Number.isNaN(m.value) && m.at) parts.push(`worst error ${num(m.value, "∞")}× tolerance, at ${m.at}`);
  if (m.slack) parts.push(`smallest slack ${num(m.slack.value, "−∞")} of ${m.slack.scale} (fails below −${m.slack.tolerance}), at ${m.slack.at}`);
  return parts.join("; ");
}
