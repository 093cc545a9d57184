/**
 * `bwcheck verify [--claim ID] [--seed N] [--runs N] [--json]`: runs the
 * registered claims, one progress bar per claim on stderr, a summary table on
 * stdout (or the results as JSON). Exit 0 only when every claim's status
 * equals its `expect`.
 */
import type { Claim, ClaimResult } from "../../proofs-check/claim.js";
import { claims, findClaim } from "../../proofs-check/registry.js";
import { BwInputError } from "../bures/errors.js";
import { parseFlags } from "./io.js";
import { progressBar } from "./progress.js";

export const DEFAULT_SEED = 20230303;
export const DEFAULT_RUNS = 40;

function readPositiveInt(v: string | boolean | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (typeof v !== "string" || !Number.isInteger(x) || x < 0) throw new BwInputError(`--${flag}`, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  return x;
}

export type VerifyRow = Pick<Claim, "id" | "title" | "source" | "expect"> & ClaimResult & { seed: number; runs: number; seconds: number };

export function runClaim(claim: Claim, seed: number, runs: number, progress: (done: number, total: number) => void): VerifyRow {
  const t0 = performance.now();
  let result: ClaimResult;
  try {
    result = claim.check({ seed, runs, progress });
  } catch (err) {
    result = {
      status: "inconclusive",
      evidence: `the check itself threw: ${(err as Error).message}`,
      instances: 0,
      worstMargin: { value: Number.NaN, what: "none" },
    };
  }
  return { id: claim.id, title: claim.title, source: claim.source, expect: claim.expect, ...result, seed, runs, seconds: (performance.now() - t0) / 1000 };
}

function table(rows: readonly VerifyRow[]): string {
  const head = ["claim", "status", "expect", "instances", "seconds", "evidence"];
  const body = rows.map((r) => [r.id, r.status, r.expect, String(r.instances), r.seconds.toFixed(1), r.evidence]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (i === 5 ? 0 : b[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 5 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(head), line(widths.map((w, i) => "-".repeat(i === 5 ? 8 : w))), ...body.map(line)].join("\n") + "\n";
}

export async function runVerify(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, { claim: "string", seed: "string", runs: "string", json: "boolean" });
  const seed = readPositiveInt(flags.seed, "seed", DEFAULT_SEED);
  const runs = readPositiveInt(flags.runs, "runs", DEFAULT_RUNS);
  let selected = claims;
  if (typeof flags.claim === "string") {
    const c = findClaim(flags.claim);
    if (!c) throw new BwInputError("--claim", `unknown claim ${JSON.stringify(flags.claim)} (registered: ${claims.map((x) => x.id).join(", ")})`);
    selected = [c];
  }
  const rows: VerifyRow[] = [];
  for (const claim of selected) {
    const bar = progressBar(`${claim.id} ${claim.title}`);
    rows.push(runClaim(claim, seed, runs, bar.update));
    bar.done(rows[rows.length - 1].status);
  }
  if (flags.json) process.stdout.write(JSON.stringify({ claims: rows }, null, 1) + "\n");
  else process.stdout.write(table(rows));
  const unexpected = rows.filter((r) => r.status !== r.expect);
  for (const r of unexpected) {
    process.stderr.write(`${r.id}: ${r.status}, expected ${r.expect}: ${r.evidence}\n`);
    if (r.counterexample !== undefined) process.stderr.write(`${r.id} counterexample: ${JSON.stringify(r.counterexample)}\n`);
  }
  return unexpected.length === 0 ? 0 : 1;
}
