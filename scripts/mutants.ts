/**
 * `npm run mutants [-- NAME… --no-verify --no-tests --budget S --json FILE]`: the
 * semantic mutation corpus (test/mutants/*.patch, docs/mutants.md).
 *
 * For each patch — a plausible mathematical mistake in one file of src/,
 * stated with why it is not equivalent in the patch's header — in a
 * throw-away copy of the project (tracked and untracked files, node_modules
 * symlinked; the mutated file is restored after each mutant):
 * 1. `git apply`; a patch that no longer applies (the file was rewritten) is
 *    reported as "patch does not apply", never as caught;
 * 2. the fast test suites with --bail=1, the suites of the mutated module
 *    first, then the rest (suites that run the built dist/ are left out:
 *    mutants never reach dist/); the first failing test and the time to it;
 * 3. the claims listed in the header's "Claims:" line (all claims when it
 *    says "none: reason") through bwcheck verify's runClaim
 *    (scripts/mutants-verify.ts), cheapest first, within a time budget
 *    (default 60 s per mutant), stopping at the first claim that turns
 *    refuted.
 * Prints the table and a summary, writes reports/mutants.json, and exits 1
 * when any mutant survives the tests (2 when patches no longer apply).
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const ROOT = process.cwd();
const CORPUS = join(ROOT, "test/mutants");

type Mutant = { file: string; name: string; module: string; mistake: string; why: string; claims: string[]; claimsNote: string | null; text: string };
type TestOutcome = { caught: boolean; test: string; seconds: number; note?: string };
type ClaimOutcome = { refuted: string | null; detail: string; seconds: number };
type Row = { mutant: string; module: string; applies: boolean; tests: TestOutcome | null; claims: ClaimOutcome | null };

function header(text: string, key: string): string {
  const m = new RegExp(`^${key}:\\s*(.*)$`, "m").exec(text);
  return m ? m[1].trim() : "";
}

export function readMutant(file: string): Mutant {
  const text = readFileSync(file, "utf8");
  const claimsLine = header(text, "Claims");
  const none = /^none\b/i.test(claimsLine);
  return {
    file,
    name: header(text, "Mutant") || file,
    module: header(text, "Module"),
    mistake: header(text, "Mistake"),
    why: header(text, "Not equivalent"),
    claims: none ? [] : claimsLine.replace(/\(.*$/, "").split(/[\s,]+/).filter((c) => /^C\d+$/i.test(c)),
    // "none: why" or "C11 (why it may stay confirmed)"
    claimsNote: none ? claimsLine.replace(/^none:?\s*/i, "") : (/\((.*)\)\s*$/.exec(claimsLine)?.[1] ?? null),
    text,
  };
}

/** Runs a command with a time limit; resolves with its output, exit code and whether it was killed. */
function run(cmd: string, args: string[], cwd: string, limitMs: number, onLine?: (line: string) => void): Promise<{ code: number | null; out: string; err: string; killed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }, detached: true });
    let out = "", err = "", killed = false, pending = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (!onLine) return;
      pending += d;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(onLine);
    });
    child.stderr.on("data", (d: Buffer) => (err += d));
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-(child.pid as number), "SIGKILL"); // the whole group (vitest workers too)
      } catch {
        child.kill("SIGKILL");
      }
    }, limitMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, killed, ms: performance.now() - t0 });
    });
  });
}

/** The suites that run in-process (not through the built dist/). */
function fastSuites(copy: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(copy, dir), { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".test.ts") && !/["'`/]dist\//.test(readFileSync(join(copy, p), "utf8"))) out.push(p);
    }
  };
  walk("test");
  if (existsSync(join(copy, "properties"))) walk("properties");
  return out.sort();
}

/** Suites most likely to catch a mistake in each module, by path keyword. */
const FIRST: Record<string, string[]> = {
  linalg: ["svd", "eigen", "polar", "linalg", "structure", "reference"],
  bures: ["reference", "bures", "path", "structure"],
  landscape: ["landscape", "structure"],
  network: ["network", "structure"],
  derivcheck: ["derivcheck"],
  symbolic: ["symbolic"],
};

function orderSuites(suites: string[], module: string): string[][] {
  const area = /^src\/([^/]+)\//.exec(module)?.[1] ?? "";
  const keys = FIRST[area] ?? [];
  const first = suites.filter((s) => keys.some((k) => s.includes(k)));
  // the claims registry suite runs every claim: last
  const rest = suites.filter((s) => !first.includes(s)).sort((a, b) => Number(a.includes("claims")) - Number(b.includes("claims")));
  return [first, rest].filter((g) => g.length > 0);
}

type VitestJson = { testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string }[] }[] };

async function runTests(copy: string, groups: string[][]): Promise<TestOutcome> {
  const t0 = performance.now();
  const outFile = join(copy, ".mutants-vitest.json");
  for (const group of groups) {
    rmSync(outFile, { force: true });
    const r = await run(process.execPath, [join(copy, "node_modules/vitest/vitest.mjs"), "run", "--bail=1", "--reporter=json", `--outputFile=${outFile}`, ...group], copy, 240_000);
    const seconds = (performance.now() - t0) / 1000;
    if (r.killed) return { caught: true, test: `(the suites ${group.join(", ")} did not finish in 240 s)`, seconds, note: "hang" };
    if (r.code === 0) continue;
    if (existsSync(outFile)) {
      const res = JSON.parse(readFileSync(outFile, "utf8")) as VitestJson;
      for (const f of res.testResults) {
        const failed = f.assertionResults.find((a) => a.status === "failed");
        if (failed) return { caught: true, test: `${relative(copy, f.name)} > ${failed.fullName}`, seconds };
      }
      const broken = res.testResults.find((f) => f.status === "failed");
      if (broken) return { caught: true, test: `${relative(copy, broken.name)}: ${(broken.message ?? "failed to load").split("\n")[0]}`, seconds };
    }
    return { caught: true, test: `vitest exited ${r.code}: ${r.err.trim().split("\n").slice(-1)[0] ?? ""}`, seconds };
  }
  return { caught: false, test: "(none: every fast suite passed)", seconds: (performance.now() - t0) / 1000 };
}

/** Claims from the quickest to the slowest (seconds in a default verify run), so a budget is spent on the cheap refutations first. */
const CLAIM_COST = ["C9", "C1", "C2", "C6", "C12", "C10", "C7", "C11", "C5", "C8", "C3", "C4"];
const byCost = (ids: string[]) => [...ids].sort((a, b) => CLAIM_COST.indexOf(a.toUpperCase()) - CLAIM_COST.indexOf(b.toUpperCase()));

type ClaimLine = { id: string; status: string; expect: string; evidence: string; seconds: number };

async function runClaims(copy: string, m: Mutant, budgetMs: number): Promise<ClaimOutcome> {
  const done: ClaimLine[] = [];
  // the claims get the budget; the process a few seconds more, to report a claim's own timeout
  const r = await run(process.execPath, ["--import", "tsx", "scripts/mutants-verify.ts", "--budget", String(budgetMs / 1000), ...byCost(m.claims)], copy, budgetMs + 5000, (line) => {
    if (line.startsWith("{")) done.push(JSON.parse(line) as ClaimLine);
  });
  const seconds = r.ms / 1000;
  const short = (s: string) => (s.length > 110 ? s.slice(0, 107) + "…" : s);
  const refuted = done.find((c) => c.status === "refuted" && c.expect !== "refuted");
  if (refuted) return { refuted: refuted.id, detail: `${refuted.id} refuted: ${short(refuted.evidence)}`, seconds };
  const seen = done.map((c) => (c.status === c.expect ? `${c.id} ${c.status}` : `${c.id} ${c.status} (${short(c.evidence)})`)).join(", ") || "no claim finished";
  const why = m.claimsNote ? `; ${m.claimsNote}` : "";
  if (r.killed) return { refuted: null, detail: `not refuted: timed out after ${(budgetMs / 1000).toFixed(0)} s (${seen})${why}`, seconds };
  if (r.code !== 0) return { refuted: null, detail: `not refuted: the claims run failed (${r.err.trim().split("\n").slice(-1)[0]})${why}`, seconds };
  return { refuted: null, detail: `not refuted: ${seen}${why}`, seconds };
}

function copyProject(): string {
  const copy = mkdtempSync(join(tmpdir(), "bwcheck-mutants-"));
  try {
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(ROOT, f)) || f === "node_modules" || f.startsWith("node_modules/")) continue; // deleted in the work tree, or a node_modules link
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      cpSync(join(ROOT, f), join(copy, f));
    }
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"), "dir");
  } catch (err) {
    rmSync(copy, { recursive: true, force: true });
    throw err;
  }
  return copy;
}

function patchedFiles(text: string): string[] {
  return [...text.matchAll(/^\+\+\+ b\/(\S+)/gm)].map((x) => x[1]);
}

function pad(s: string, w: number): string {
  return s.length > w ? s.slice(0, w - 1) + "…" : s.padEnd(w);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let verify = true, tests = true, budget = 60, jsonOut = join(ROOT, "reports/mutants.json");
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--no-verify") verify = false;
    else if (args[i] === "--no-tests") tests = false;
    else if (args[i] === "--budget") budget = Number(args[++i]);
    else if (args[i] === "--json") jsonOut = args[++i];
    else filters.push(args[i]);
  }
  const files = readdirSync(CORPUS).filter((f) => f.endsWith(".patch")).sort();
  const mutants = files.map((f) => readMutant(join(CORPUS, f))).filter((m) => filters.length === 0 || filters.some((x) => m.name.includes(x) || m.file.includes(x)));
  const wall0 = performance.now();
  const copy = copyProject();
  const suites = fastSuites(copy);
  process.stderr.write(`mutants: ${mutants.length} patches, ${suites.length} fast suites, copy in ${copy}\n`);
  const rows: Row[] = [];
  try {
    for (const m of mutants) {
      const targets = patchedFiles(m.text);
      const saved = new Map(targets.filter((t) => existsSync(join(copy, t))).map((t) => [t, readFileSync(join(copy, t))]));
      const row: Row = { mutant: m.name, module: m.module, applies: false, tests: null, claims: null };
      try {
        execFileSync("git", ["apply", "--check", m.file], { cwd: copy, stdio: "pipe" });
        execFileSync("git", ["apply", m.file], { cwd: copy, stdio: "pipe" });
        row.applies = true;
      } catch {
        row.applies = false;
      }
      if (row.applies) {
        row.tests = tests ? await runTests(copy, orderSuites(suites, m.module)) : { caught: false, test: "(not run: --no-tests)", seconds: 0 };
        if (verify) row.claims = await runClaims(copy, m, budget * 1000);
        for (const [t, buf] of saved) writeFileSync(join(copy, t), buf);
      }
      rows.push(row);
      const t = row.tests, c = row.claims;
      process.stderr.write(
        `${m.name}: ${!row.applies ? "patch does not apply" : !tests ? "tests not run" : t!.caught ? `caught in ${t!.seconds.toFixed(1)} s by ${t!.test}` : "SURVIVED the tests"}` +
          (c ? ` | ${c.detail} (${c.seconds.toFixed(1)} s)` : "") + "\n",
      );
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const wall = (performance.now() - wall0) / 1000;
  const lines = [
    `${pad("mutant", 34)}  ${pad("first failing test", 72)}  ${"t/s".padStart(5)}  ${pad("claims (bwcheck verify)", 60)}  ${"t/s".padStart(5)}`,
    `${"-".repeat(34)}  ${"-".repeat(72)}  -----  ${"-".repeat(60)}  -----`,
  ];
  for (const r of rows) {
    if (!r.applies) {
      lines.push(`${pad(r.mutant, 34)}  ${pad("patch does not apply (re-target it)", 72)}`);
      continue;
    }
    const t = r.tests!, c = r.claims;
    lines.push(`${pad(r.mutant, 34)}  ${pad(t.caught || !tests ? t.test : "SURVIVED: " + t.test, 72)}  ${t.seconds.toFixed(1).padStart(5)}  ${pad(c ? c.detail : "(not run)", 60)}  ${c ? c.seconds.toFixed(1).padStart(5) : ""}`);
  }
  const applied = rows.filter((r) => r.applies);
  const caught = applied.filter((r) => r.tests!.caught);
  const refuted = applied.filter((r) => r.claims?.refuted);
  const slowest = caught.reduce<Row | null>((a, r) => (a && a.tests!.seconds >= r.tests!.seconds ? a : r), null);
  const slowestClaim = refuted.reduce<Row | null>((a, r) => (a && a.claims!.seconds >= r.claims!.seconds ? a : r), null);
  lines.push(
    "",
    tests ? `${rows.length} mutants: ${caught.length} caught by the tests, ${applied.length - caught.length} survived, ${rows.length - applied.length} patches do not apply` : `${rows.length} mutants (tests not run), ${rows.length - applied.length} patches do not apply`,
    verify ? `claims: ${refuted.length} mutants turn a claim refuted, ${applied.length - refuted.length} do not (reasons above)` : "claims: not run (--no-verify)",
  );
  if (slowest) lines.push(`slowest detection by the tests: ${slowest.mutant}, ${slowest.tests!.seconds.toFixed(1)} s`);
  if (slowestClaim) lines.push(`slowest refutation: ${slowestClaim.mutant}, ${slowestClaim.claims!.seconds.toFixed(1)} s`);
  lines.push(`wall time ${wall.toFixed(0)} s`);
  process.stdout.write(lines.join("\n") + "\n");
  mkdirSync(dirname(jsonOut), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify({ wallSeconds: wall, budgetSeconds: budget, rows }, null, 1) + "\n");
  if (tests && caught.length < applied.length) return 1;
  return applied.length < rows.length ? 2 : 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`mutants: ${(err as Error).stack ?? err}\n`);
  process.exit(3);
});
