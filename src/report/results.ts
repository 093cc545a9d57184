/**
 * The results of a verify run, as written to results.json: one entry per
 * claim with its status, expectation, evidence, margin, counterexample and
 * figures. Everything in it is a function of the seed and the runs except the
 * timing field `seconds`, so two runs with the same seed give byte-identical
 * files once `seconds` is set aside.
 */
export type ClaimStatus = "confirmed" | "refuted" | "inconclusive";

export type ClaimRecord = {
  id: string;
  title: string;
  statement: string;
  hypotheses: string[];
  source: "paper" | "authors' code";
  method: string;
  file: string;
  status: ClaimStatus;
  expect: ClaimStatus;
  seed: number;
  runs: number;
  instances: number;
  evidence: string;
  worstMargin: { value: number | null; what: string };
  counterexample?: unknown;
  /** paths relative to the directory of results.json */
  figures: { path: string; title: string }[];
  /** timing: the only field that differs between runs with the same seed */
  seconds: number;
};

export type VerifyResults = { seed: number; runs: number; shard: string | null; claims: ClaimRecord[] };

export function unexpected(results: VerifyResults): ClaimRecord[] {
  return results.claims.filter((c) => c.status !== c.expect);
}

/** JSON with NaN/Infinity margins turned into null (JSON has neither). */
export function resultsJson(results: VerifyResults): string {
  return JSON.stringify(results, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1) + "\n";
}
