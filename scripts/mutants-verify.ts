/**
 * The claims half of `npm run mutants` (scripts/mutants.ts), run inside a
 * mutated copy of the project: `node --import tsx scripts/mutants-verify.ts
 * [--seed N] [--runs N] [CLAIM…]` runs the given claims (all when none are
 * given) through `bwcheck verify`'s own runClaim, in order, and prints one
 * JSON line per claim as soon as it finishes: { id, status, expect, evidence,
 * seconds }. It stops after the first claim whose status differs from its
 * `expect` (the mutant is then caught at the claim level). The parent kills it
 * when the time budget runs out, so a check that hangs shows up as "timed out".
 */
import { claims, findClaim } from "../proofs-check/registry.js";
import { DEFAULT_RUNS, DEFAULT_SEED, runClaim } from "../src/cli/verify.js";

const args = process.argv.slice(2);
let seed = DEFAULT_SEED, runs = DEFAULT_RUNS;
const ids: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--seed") seed = Number(args[++i]);
  else if (args[i] === "--runs") runs = Number(args[++i]);
  else ids.push(args[i]);
}
const selected = ids.length ? ids.map((id) => findClaim(id) ?? (() => { throw new Error(`unknown claim ${id}`); })()) : claims;
for (const claim of selected) {
  const r = runClaim(claim, seed, runs, () => {});
  process.stdout.write(JSON.stringify({ id: r.id, status: r.status, expect: r.expect, evidence: r.evidence, seconds: r.seconds }) + "\n");
  if (r.status !== r.expect) break;
}
