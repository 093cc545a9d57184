/**
 * `bwcheck verify [--claim ID] [--seed N] [--runs N] [--out DIR] [--json]
 * [--junit FILE] [--shard i/n] [--claim-timeout SECONDS]` and
 * `bwcheck merge DIR… [--out DIR] [--json] [--allow-partial]`.
 *
 * verify runs the registered claims (one progress line per claim on stderr),
 * prints the summary table on stdout (or the results as JSON with --json),
 * and writes the reports to DIR (default reports/): summary.md, results.json,
 * junit.xml and figures/*.svg. --shard i/n runs every n-th claim starting at
 * the i-th, for splitting a sweep across CI jobs; merge combines the shards'
 * results.json (and figures) into one report, and fails when the shards do
 * not cover 1..n (unless --allow-partial). Exit codes (docs/cli-contract.md):
 * 0 when every claim's status equals its `expect`; 1 when one differs
 * (refuted, inconclusive, error, timed out); 2 for bad usage or input, checked
 * before any claim runs — and before the claims registry is imported: the
 * checks of C3–C7 bring mathjs (0.5–1 s of import), and a mistyped flag
 * should cost about a bare node start (test/cli-usage-cost.test.ts).
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Claim, MIN_INSTANCES } from "../../proofs-check/claim.js";
import { runClaim } from "../../proofs-check/run-claim.js";
import { BwInputError } from "../bures/errors.js";
import { junitXml } from "../report/junit.js";
import { summaryMarkdown } from "../report/markdown.js";
import { type ClaimRecord, resultsJson, unexpected, type VerifyResults } from "../report/results.js";
import { renderSvg } from "../report/svg.js";
import { count, missingShards } from "../report/wording.js";
import { checkOutputDir, checkOutputFile, parseFlags, readJsonFile, UsageError } from "./io.js";
import { progressBar } from "./progress.js";

export const DEFAULT_SEED = 20230303;
export const DEFAULT_RUNS = 40;
export const DEFAULT_OUT = "reports";

/**
 * The ids of the registered claims (proofs-check/registry.ts), so that a
 * mistyped --claim is refused before the registry is imported;
 * test/cli-usage-cost.test.ts keeps this list equal to the registry's.
 */
export const REGISTERED_IDS: readonly string[] = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12"];

/** The claims registry, imported only once the arguments are known to be good. */
async function registry(): Promise<readonly Claim[]> {
  return (await import("../../proofs-check/registry.js")).claims;
}

/** The fewest runs the selected claims accept (a verdict needs evidence). */
function runsNeeded(selected: readonly Claim[]): number {
  return Math.max(1, ...selected.map((c) => c.minInstances));
}

/** The repository root (where proofs-check/ lives), for links from the reports. */
const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

function readCount(v: string | boolean | undefined, flag: string, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isSafeInteger(x) || x < min) {
    throw new BwInputError(`--${flag}`, `must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return x;
}

function readShard(v: string | boolean | undefined): { index: number; count: number } | null {
  if (v === undefined) return null;
  const m = typeof v === "string" ? /^(\d{1,6})\/(\d{1,6})$/.exec(v) : null;
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new BwInputError("--shard", `must be i/n with 1 ≤ i ≤ n, got ${JSON.stringify(v)}`);
  return { index, count };
}

function readTimeout(v: string | boolean | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(x) || x <= 0) throw new BwInputError("--claim-timeout", `must be a positive number of seconds, got ${JSON.stringify(v)}`);
  return x;
}

/** Runs one claim (proofs-check/run-claim.ts) and makes its report record. */
export function claimRecord(claim: Claim, seed: number, runs: number, progress: (done: number, total: number) => void, timeoutSeconds?: number): ClaimRecord {
  const o = runClaim(claim, { seed, runs, progress, timeoutSeconds });
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const m = o.worstMargin;
  return {
    id: claim.id,
    title: claim.title,
    statement: claim.statement,
    hypotheses: [...claim.hypotheses],
    source: claim.source,
    method: claim.method,
    file: claim.file,
    status: o.status,
    expect: claim.expect,
    seed,
    runs,
    instances: o.instances,
    evidence: o.evidence,
    worstMargin: {
      value: finite(m.value),
      what: m.what,
      ...(m.at !== undefined ? { at: m.at } : {}),
      ...(m.slack ? { slack: { ...m.slack, value: finite(m.slack.value) } } : {}),
    },
    ...(o.counterexample !== undefined ? { counterexample: o.counterexample } : {}),
    figures: [],
    budgetSeconds: o.budgetSeconds,
    seconds: o.seconds,
  };
}

/** Renders a claim's figures into DIR/figures and records them; a figure that throws makes the claim an error. */
async function addFigures(claim: Claim, record: ClaimRecord, outDir: string): Promise<void> {
  if (!claim.figures) return;
  try {
    mkdirSync(join(outDir, "figures"), { recursive: true });
    for (const f of claim.figures(record.seed)) {
      const path = `figures/${f.name}.svg`;
      writeFileSync(join(outDir, path), await renderSvg(f.spec));
      record.figures.push({ path, title: f.title });
    }
  } catch (err) {
    record.status = "error";
    record.evidence = `its figure could not be made: ${(err as Error).message.replace(/\s*\n\s*/g, " ")}; the check said: ${record.evidence}`;
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
  const partial = results.missing ? `partial report: ${missingShards(results.missing.shards)}, claims not run: ${results.missing.claims.join(", ")}\n` : "";
  process.stdout.write(json ? resultsJson(results) : partial + summaryTable(results.claims));
  for (const r of unexpected(results)) {
    process.stderr.write(`${r.id}: ${r.status}, expected ${r.expect}: ${r.evidence}\n`);
    if (r.counterexample !== undefined) process.stderr.write(`${r.id} counterexample: ${JSON.stringify(r.counterexample)}\n`);
  }
  return unexpected(results).length === 0 ? 0 : 1;
}

/** `verify`; `given` replaces the registry (a test passes its own claims). */
export async function runVerify(argv: readonly string[], given?: readonly Claim[]): Promise<number> {
  const flags = parseFlags(argv, { claim: "string", seed: "string", runs: "string", out: "string", json: "boolean", junit: "string", shard: "string", "claim-timeout": "string" });
  const seed = readCount(flags.seed, "seed", DEFAULT_SEED, 0);
  if (seed > 0xffffffff) throw new BwInputError("--seed", `must be below 2^32, got ${JSON.stringify(flags.seed)}`);
  const shard = readShard(flags.shard);
  const timeout = readTimeout(flags["claim-timeout"]);
  const outDir = typeof flags.out === "string" ? flags.out : DEFAULT_OUT;
  const ids = given ? given.map((c) => c.id) : REGISTERED_IDS;
  const chosen = typeof flags.claim === "string" ? ids.find((x) => x.toLowerCase() === (flags.claim as string).toLowerCase()) : undefined;
  if (typeof flags.claim === "string" && chosen === undefined) {
    throw new BwInputError("--claim", `unknown claim ${JSON.stringify(flags.claim)} (registered: ${ids.join(", ")})`);
  }
  const select = (claims: readonly Claim[]) =>
    claims.filter((c) => chosen === undefined || c.id === chosen).filter((_, i) => !shard || i % shard.count === shard.index - 1);
  // a verdict needs evidence: --runs below what a selected claim needs is refused before anything runs;
  // every registered claim needs at least MIN_INSTANCES, which is known before the registry is imported
  readCount(flags.runs, "runs", DEFAULT_RUNS, given ? runsNeeded(select(given)) : MIN_INSTANCES);
  checkOutputDir(outDir, "--out");
  if (typeof flags.junit === "string") checkOutputFile(flags.junit, "--junit");
  const selected = select(given ?? (await registry()));
  const runs = readCount(flags.runs, "runs", DEFAULT_RUNS, runsNeeded(selected));
  const records: ClaimRecord[] = [];
  for (const claim of selected) {
    const bar = progressBar(`${claim.id} ${claim.title}`);
    const record = claimRecord(claim, seed, runs, bar.update, timeout);
    await addFigures(claim, record, outDir);
    records.push(record);
    bar.done(record.status);
  }
  const results: VerifyResults = { seed, runs, shard: shard ? `${shard.index}/${shard.count}` : null, claims: records };
  writeReports(results, outDir, typeof flags.junit === "string" ? flags.junit : undefined);
  const junitNote = typeof flags.junit === "string" ? ` (and ${flags.junit})` : "";
  process.stderr.write(`reports: ${join(outDir, "summary.md")}, ${join(outDir, "results.json")}, ${join(outDir, "junit.xml")}${junitNote}\n`);
  return finish(results, flags.json === true);
}

const STATUSES = ["confirmed", "refuted", "inconclusive", "error", "timed out"];

/** worstMargin as verify writes it: {value: number | null, what, at?, slack?: {value: number | null, scale, at, tolerance}}. */
function validMargin(m: unknown): boolean {
  const numOrNull = (x: unknown) => x === null || (typeof x === "number" && Number.isFinite(x));
  if (typeof m !== "object" || m === null) return false;
  const o = m as Record<string, unknown>;
  if (!numOrNull(o.value) || typeof o.what !== "string" || (o.at !== undefined && typeof o.at !== "string")) return false;
  if (o.slack === undefined) return true;
  const s = o.slack as Record<string, unknown> | null;
  return typeof s === "object" && s !== null && numOrNull(s.value) && typeof s.scale === "string" && typeof s.at === "string" && typeof s.tolerance === "number";
}

/** Reads a shard's results.json; anything that is not the shape verify writes is an input error naming the file. */
function readShardResults(dir: string, claims: readonly Claim[]): VerifyResults {
  const file = join(dir, "results.json");
  if (!existsSync(file)) throw new BwInputError(dir, "has no results.json (run bwcheck verify --out DIR first)");
  const res = readJsonFile(file) as Partial<VerifyResults> | null;
  const bad = (why: string) => new BwInputError(file, `is not a bwcheck verify results.json: ${why}`);
  if (typeof res !== "object" || res === null || Array.isArray(res)) throw bad("not a JSON object");
  if (!Number.isSafeInteger(res.seed) || !Number.isSafeInteger(res.runs)) throw bad('"seed" and "runs" must be integers');
  if (res.shard !== null && (typeof res.shard !== "string" || !/^\d+\/\d+$/.test(res.shard))) throw bad('"shard" must be null or "i/n"');
  if (!Array.isArray(res.claims)) throw bad('"claims" must be an array');
  for (const c of res.claims as unknown[]) {
    const r = c as Partial<ClaimRecord> | null;
    if (typeof r !== "object" || r === null || Array.isArray(r) || typeof r.id !== "string") throw bad("every claim needs an id");
    if (!claims.some((x) => x.id === r.id)) throw bad(`unknown claim ${JSON.stringify(r.id)}`);
    if (!STATUSES.includes(r.status as string) || !STATUSES.includes(r.expect as string)) throw bad(`${r.id}: "status" and "expect" must be claim statuses`);
    // every field the reports print must be there, with its type
    const rec = r as Record<string, unknown>;
    const missing = [
      ...["title", "statement", "source", "method", "file", "evidence"].filter((k) => typeof rec[k] !== "string"),
      ...["seed", "runs", "instances", "seconds"].filter((k) => typeof rec[k] !== "number" || !Number.isFinite(rec[k])),
      ...(Array.isArray(r.hypotheses) && r.hypotheses.every((h) => typeof h === "string") ? [] : ["hypotheses"]),
      ...(Array.isArray(r.figures) ? [] : ["figures"]),
      ...(validMargin(r.worstMargin) ? [] : ["worstMargin"]),
    ];
    if (missing.length > 0) throw bad(`${r.id}: missing or mistyped ${missing.join(", ")}`);
    if (!r.figures!.every((f) => typeof f?.path === "string" && typeof f.title === "string" && /^figures\/[\w.-]+\.svg$/.test(f.path))) throw bad(`${r.id}: a figure is not {path: "figures/NAME.svg", title}`);
  }
  return res as VerifyResults;
}

/** `bwcheck merge DIR… [--out DIR] [--json] [--allow-partial]`: one report from the shards' results. */
export async function runMerge(argv: readonly string[], given?: readonly Claim[]): Promise<number> {
  const inputs: string[] = [];
  let outDir = DEFAULT_OUT, json = false, allowPartial = false, seenOut = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out" || a.startsWith("--out=")) {
      if (seenOut) throw new UsageError("--out is given twice (each flag at most once)");
      seenOut = true;
      const v = a === "--out" ? argv[++i] : a.slice(6);
      if (v === undefined || (a === "--out" && v.startsWith("--"))) throw new UsageError("--out needs a value");
      outDir = v;
    } else if (a === "--json") json = true;
    else if (a === "--allow-partial") allowPartial = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown argument ${JSON.stringify(a)} (expected DIR…, --out DIR, --json, --allow-partial)`);
    else inputs.push(a);
  }
  if (inputs.length === 0) throw new UsageError("merge needs the shard directories: bwcheck merge DIR… [--out DIR]");
  checkOutputDir(outDir, "--out");
  const claims = given ?? (await registry());
  // read and check everything before writing anything
  const byId = new Map<string, { record: ClaimRecord; dir: string }>();
  const shards = new Map<string, string>();
  let first: { dir: string; res: VerifyResults } | null = null;
  for (const dir of inputs) {
    const res = readShardResults(dir, claims);
    if (first && (res.seed !== first.res.seed || res.runs !== first.res.runs)) {
      throw new BwInputError(dir, `was run with seed ${res.seed} and ${count(res.runs, "run")}, ${first.dir} with seed ${first.res.seed} and ${count(first.res.runs, "run")}`);
    }
    first ??= { dir, res };
    const shard = res.shard ?? "1/1";
    if (shards.has(shard)) throw new BwInputError(dir, `is shard ${shard} again (also in ${shards.get(shard)}): shards must not repeat`);
    shards.set(shard, dir);
    for (const c of res.claims) {
      if (byId.has(c.id)) throw new BwInputError(dir, `repeats claim ${c.id} (also in ${byId.get(c.id)!.dir}): shards must not overlap`);
      for (const f of c.figures) if (!existsSync(join(dir, f.path))) throw new BwInputError(dir, `lacks ${f.path}, a figure of ${c.id}`);
      byId.set(c.id, { record: c, dir });
    }
  }
  const counts = new Set([...shards.keys()].map((s) => Number(s.split("/")[1])));
  if (counts.size > 1) throw new BwInputError(inputs[0], `the inputs split the claims different ways (${[...shards.keys()].join(", ")}): merge shards of one split`);
  const n = [...counts][0];
  const shardsMissing = Array.from({ length: n }, (_, i) => `${i + 1}/${n}`).filter((s) => !shards.has(s));
  const order = claims.map((c) => c.id);
  const missingClaims = order.filter((id) => !byId.has(id));
  if ((shardsMissing.length > 0 || missingClaims.length > 0) && !allowPartial) {
    const what = shardsMissing.length > 0 ? missingShards(shardsMissing) : "the shards do not cover every claim";
    throw new BwInputError("shards", `incomplete: ${what}; claims not run: ${missingClaims.join(", ")} (add the missing shard directories, or --allow-partial for a report marked partial)`);
  }
  for (const { record, dir } of byId.values()) {
    if (record.figures.length === 0 || resolve(dir) === resolve(outDir)) continue;
    mkdirSync(join(outDir, "figures"), { recursive: true });
    for (const f of record.figures) copyFileSync(join(dir, f.path), join(outDir, f.path));
  }
  const merged = [...byId.values()].map((x) => x.record).sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const results: VerifyResults = { seed: first!.res.seed, runs: first!.res.runs, shard: null, claims: merged };
  if (shardsMissing.length > 0 || missingClaims.length > 0) {
    results.missing = { shards: shardsMissing, claims: missingClaims };
    process.stderr.write(`merge: partial (--allow-partial): ${missingShards(shardsMissing)}; claims not run: ${missingClaims.join(", ")}\n`);
  }
  writeReports(results, outDir);
  return finish(results, json);
}
