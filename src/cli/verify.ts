/**
 * `bwcheck verify [--claim ID] [--seed N] [--runs N] [--out DIR] [--json]
 * [--junit FILE] [--shard i/n]` and `bwcheck merge DIR… [--out DIR]`.
 *
 * verify runs the registered claims (one progress line per claim on stderr),
 * prints the summary table on stdout (or the results as JSON with --json),
 * and writes the reports to DIR (default reports/): summary.md, results.json,
 * junit.xml and figures/*.svg. --shard i/n runs every n-th claim starting at
 * the i-th, for splitting a sweep across CI jobs; merge combines the shards'
 * results.json (and figures) into one report. Exit 0 only when every claim's
 * status equals its `expect`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Claim, ClaimResult } from "../../proofs-check/claim.js";
import { claims, findClaim } from "../../proofs-check/registry.js";
import { BwInputError } from "../bures/errors.js";
import { junitXml } from "../report/junit.js";
import { summaryMarkdown } from "../report/markdown.js";
import { type ClaimRecord, resultsJson, unexpected, type VerifyResults } from "../report/results.js";
import { renderSvg } from "../report/svg.js";
import { parseFlags, UsageError } from "./io.js";
import { progressBar } from "./progress.js";

export const DEFAULT_SEED = 20230303;
export const DEFAULT_RUNS = 40;
export const DEFAULT_OUT = "reports";

/** The repository root (where proofs-check/ lives), for links from the reports. */
const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

function readCount(v: string | boolean | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (typeof v !== "string" || !Number.isInteger(x) || x < 0) throw new BwInputError(`--${flag}`, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  return x;
}

function readShard(v: string | boolean | undefined): { index: number; count: number } | null {
  if (v === undefined) return null;
  const m = typeof v === "string" ? /^(\d+)\/(\d+)$/.exec(v) : null;
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new BwInputError("--shard", `must be i/n with 1 ≤ i ≤ n, got ${JSON.stringify(v)}`);
  return { index, count };
}

/** Runs one claim; a check that throws is inconclusive, with the reason. */
export function runClaim(claim: Claim, seed: number, runs: number, progress: (done: number, total: number) => void): ClaimRecord {
  const t0 = performance.now();
  let result: ClaimResult;
  try {
    result = claim.check({ seed, runs, progress });
  } catch (err) {
    result = { status: "inconclusive", evidence: `the check itself threw: ${(err as Error).message}`, instances: 0, worstMargin: { value: Number.NaN, what: "none" } };
  }
  return {
    id: claim.id,
    title: claim.title,
    statement: claim.statement,
    hypotheses: [...claim.hypotheses],
    source: claim.source,
    method: claim.method,
    file: claim.file,
    status: result.status,
    expect: claim.expect,
    seed,
    runs,
    instances: result.instances,
    evidence: result.evidence,
    worstMargin: { value: Number.isFinite(result.worstMargin.value) ? result.worstMargin.value : null, what: result.worstMargin.what },
    ...(result.counterexample !== undefined ? { counterexample: result.counterexample } : {}),
    figures: [],
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Renders a claim's figures into DIR/figures and records them. */
async function addFigures(claim: Claim, record: ClaimRecord, outDir: string): Promise<void> {
  if (!claim.figures) return;
  mkdirSync(join(outDir, "figures"), { recursive: true });
  for (const f of claim.figures(record.seed)) {
    const path = `figures/${f.name}.svg`;
    writeFileSync(join(outDir, path), await renderSvg(f.spec));
    record.figures.push({ path, title: f.title });
  }
}

export function summaryTable(records: readonly ClaimRecord[]): string {
  const head = ["claim", "status", "expect", "instances", "seconds", "evidence"];
  const body = records.map((r) => [r.id, r.status, r.expect, String(r.instances), r.seconds.toFixed(1), r.evidence]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (i === 5 ? 0 : b[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 5 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(head), line(widths.map((w, i) => "-".repeat(i === 5 ? 8 : w))), ...body.map(line)].join("\n") + "\n";
}

function writeReports(results: VerifyResults, outDir: string, junitFile?: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), resultsJson(results));
  writeFileSync(join(outDir, "summary.md"), summaryMarkdown(results, resolve(outDir), REPO_ROOT));
  writeFileSync(join(outDir, "junit.xml"), junitXml(results));
  if (junitFile) {
    mkdirSync(dirname(resolve(junitFile)), { recursive: true });
    writeFileSync(junitFile, junitXml(results));
  }
}

function finish(results: VerifyResults, json: boolean): number {
  process.stdout.write(json ? resultsJson(results) : summaryTable(results.claims));
  for (const r of unexpected(results)) {
    process.stderr.write(`${r.id}: ${r.status}, expected ${r.expect}: ${r.evidence}\n`);
    if (r.counterexample !== undefined) process.stderr.write(`${r.id} counterexample: ${JSON.stringify(r.counterexample)}\n`);
  }
  return unexpected(results).length === 0 ? 0 : 1;
}

export async function runVerify(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, { claim: "string", seed: "string", runs: "string", out: "string", json: "boolean", junit: "string", shard: "string" });
  const seed = readCount(flags.seed, "seed", DEFAULT_SEED);
  const runs = readCount(flags.runs, "runs", DEFAULT_RUNS);
  const shard = readShard(flags.shard);
  const outDir = typeof flags.out === "string" ? flags.out : DEFAULT_OUT;
  let selected: readonly Claim[] = claims;
  if (typeof flags.claim === "string") {
    const c = findClaim(flags.claim);
    if (!c) throw new BwInputError("--claim", `unknown claim ${JSON.stringify(flags.claim)} (registered: ${claims.map((x) => x.id).join(", ")})`);
    selected = [c];
  }
  if (shard) selected = selected.filter((_, i) => i % shard.count === shard.index - 1);
  const records: ClaimRecord[] = [];
  for (const claim of selected) {
    const bar = progressBar(`${claim.id} ${claim.title}`);
    const record = runClaim(claim, seed, runs, bar.update);
    await addFigures(claim, record, outDir);
    records.push(record);
    bar.done(record.status);
  }
  const results: VerifyResults = { seed, runs, shard: shard ? `${shard.index}/${shard.count}` : null, claims: records };
  writeReports(results, outDir, typeof flags.junit === "string" ? flags.junit : undefined);
  process.stderr.write(`reports: ${join(outDir, "summary.md")}, results.json, junit.xml\n`);
  return finish(results, flags.json === true);
}

/** `bwcheck merge DIR… [--out DIR] [--json]`: one report from the shards' results. */
export async function runMerge(argv: readonly string[]): Promise<number> {
  const inputs: string[] = [];
  let outDir = DEFAULT_OUT, json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") {
      if (argv[i + 1] === undefined) throw new UsageError("--out needs a value");
      outDir = argv[++i];
    } else if (a === "--json") json = true;
    else if (a.startsWith("--")) throw new UsageError(`unknown argument ${JSON.stringify(a)} (expected DIR…, --out, --json)`);
    else inputs.push(a);
  }
  if (inputs.length === 0) throw new UsageError("merge needs the shard directories: bwcheck merge DIR… [--out DIR]");
  const byId = new Map<string, ClaimRecord>();
  let seed: number | null = null, runs: number | null = null;
  for (const dir of inputs) {
    const file = join(dir, "results.json");
    if (!existsSync(file)) throw new BwInputError(dir, "has no results.json (run bwcheck verify --out DIR first)");
    const res = JSON.parse(readFileSync(file, "utf8")) as VerifyResults;
    if (seed !== null && (res.seed !== seed || res.runs !== runs)) throw new BwInputError(dir, `was run with seed ${res.seed} and ${res.runs} runs, the others with seed ${seed} and ${runs} runs`);
    seed = res.seed;
    runs = res.runs;
    for (const c of res.claims) {
      if (byId.has(c.id)) throw new BwInputError(dir, `repeats claim ${c.id}: shards must not overlap`);
      mkdirSync(join(outDir, "figures"), { recursive: true });
      for (const f of c.figures) if (resolve(dir) !== resolve(outDir)) copyFileSync(join(dir, f.path), join(outDir, f.path));
      byId.set(c.id, c);
    }
  }
  const order = claims.map((c) => c.id);
  const merged = [...byId.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const results: VerifyResults = { seed: seed as number, runs: runs as number, shard: null, claims: merged };
  writeReports(results, outDir);
  const missing = order.filter((id) => !byId.has(id));
  if (missing.length) process.stderr.write(`merge: not in any shard: ${missing.join(", ")}\n`);
  return finish(results, json);
}
