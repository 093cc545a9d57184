/**
 * The claims half of `npm run mutants` (scripts/mutants.ts), run inside a
 * mutated copy of the project: `node --import tsx scripts/mutants-verify.ts
 * [--seed N] [--runs N] [--budget S] [CLAIM…]` runs the given claims (all
 * when none are given) through `bwcheck verify`'s own claim runner (with the
 * rest of the budget as each claim's time limit where the runner has one), in
 * order, and prints one
 * JSON line per claim as soon as it finishes: { id, status, expect, evidence,
 * seconds }. It stops after the first claim that turns refuted (the mutant
 * is then caught at the claim level); an error or an inconclusive claim does
 * not stop it. The parent kills it
 * when the time budget runs out, so a check that hangs shows up as "timed out".
 */
import { existsSync } from "node:fs";
import type { Claim } from "../proofs-check/claim.js";
import { claims, findClaim } from "../proofs-check/registry.js";
import { DEFAULT_RUNS, DEFAULT_SEED } from "../src/cli/verify.js";

type Outcome = { status: string; evidence: string; seconds: number };

/**
 * verify's own claim runner: proofs-check/run-claim.ts (time budgets, "timed
 * out" and "error" statuses) where the project has it, else verify's runClaim.
 */
async function claimRunner(): Promise<(claim: Claim, seed: number, runs: number, timeoutSeconds: number) => Outcome> {
  const modern = new URL("../proofs-check/run-claim.ts", import.meta.url);
  if (existsSync(modern)) {
    const m = (await import(modern.href)) as { runClaim: (c: Claim, o: { seed: number; runs: number; timeoutSeconds?: number }) => Outcome };
    return (claim, seed, runs, timeoutSeconds) => m.runClaim(claim, { seed, runs, timeoutSeconds });
  }
  const v = (await import("../src/cli/verify.js")) as unknown as { runClaim: (c: Claim, seed: number, runs: number, p: () => void) => Outcome };
  return (claim, seed, runs) => v.runClaim(claim, seed, runs, () => {});
}

const args = process.argv.slice(2);
let seed = DEFAULT_SEED, runs = DEFAULT_RUNS, budget = 60;
const ids: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--seed") seed = Number(args[++i]);
  else if (args[i] === "--runs") runs = Number(args[++i]);
  else if (args[i] === "--budget") budget = Number(args[++i]);
  else ids.push(args[i]);
}
const selected = ids.length ? ids.map((id) => findClaim(id) ?? (() => { throw new Error(`unknown claim ${id}`); })()) : claims;
const run = await claimRunner();
const t0 = performance.now();
for (const claim of selected) {
  const left = Math.max(1, budget - (performance.now() - t0) / 1000);
  const r = run(claim, seed, runs, left);
  process.stdout.write(JSON.stringify({ id: claim.id, status: r.status, expect: claim.expect, evidence: r.evidence, seconds: r.seconds }) + "\n");
  if (r.status === "refuted" && claim.expect !== "refuted") break;
}
