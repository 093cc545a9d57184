/**
 * The reports of `bwcheck verify`: summary.md, results.json, junit.xml and
 * figures; the same seed gives byte-identical results.json once the timing
 * field is set aside; --shard and merge give the same report as one run; a
 * merge missing shards fails unless --allow-partial, and then says so; a
 * claim that errs or times out fails the run and shows in JUnit.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Claim } from "../proofs-check/claim.js";
import { runCli } from "./cli-harness.js";
import { busy, fakeClaim } from "./fake-claims.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const withoutTiming = (file: string) => readFileSync(file, "utf8").replace(/"seconds": [0-9.e+-]+/g, '"seconds": 0');

describe("verify reports", () => {
  const a = mkdtempSync(join(tmpdir(), "bwcheck-rep-a-")), b = mkdtempSync(join(tmpdir(), "bwcheck-rep-b-"));
  const quick = ["--runs", "10", "--seed", "11"]; // MIN_INSTANCES: the fewest a real claim accepts

  it("writes summary.md, results.json, junit.xml and the figures", () => {
    const r = run(["verify", ...quick, "--out", a]);
    expect(r.code).toBe(0);
    for (const f of ["summary.md", "results.json", "junit.xml"]) expect(existsSync(join(a, f))).toBe(true);
    const results = JSON.parse(readFileSync(join(a, "results.json"), "utf8"));
    expect(results.claims.map((c: { id: string }) => c.id)).toEqual(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12"]);
    for (const c of results.claims) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["id", "title", "source", "status", "expect", "seed", "evidence"]));
      for (const f of c.figures) expect(readFileSync(join(a, f.path), "utf8").startsWith("<svg")).toBe(true);
    }
    expect(results.claims.flatMap((c: { figures: unknown[] }) => c.figures).length).toBeGreaterThanOrEqual(5);
    const md = readFileSync(join(a, "summary.md"), "utf8");
    expect(md).toMatch(/\| \[C7\]\(#c7\) \| Hessian blow-up near low rank \| confirmed/);
    expect(md).toContain("proofs-check/c7-blow-up.ts");
    const junit = readFileSync(join(a, "junit.xml"), "utf8");
    expect(junit.match(/<testcase /g)).toHaveLength(12);
    expect(junit).toContain('failures="0"');
    expect(junit).toContain('errors="0"');
    expect(md).toContain("## How to read the margins");
    for (const c of results.claims) expect(c.budgetSeconds).toBeGreaterThan(0);
  });

  it("the same seed gives byte-identical results.json apart from timing", () => {
    expect(run(["verify", ...quick, "--out", b]).code).toBe(0);
    expect(withoutTiming(join(b, "results.json"))).toBe(withoutTiming(join(a, "results.json")));
  });

  it("--shard i/n and merge reproduce the single run", () => {
    const s1 = mkdtempSync(join(tmpdir(), "bwcheck-s1-")), s2 = mkdtempSync(join(tmpdir(), "bwcheck-s2-")), m = mkdtempSync(join(tmpdir(), "bwcheck-m-"));
    expect(run(["verify", ...quick, "--shard", "1/2", "--out", s1]).code).toBe(0);
    expect(run(["verify", ...quick, "--shard", "2/2", "--out", s2]).code).toBe(0);
    const shard1 = JSON.parse(readFileSync(join(s1, "results.json"), "utf8"));
    expect(shard1.claims.map((c: { id: string }) => c.id)).toEqual(["C1", "C3", "C5", "C7", "C9", "C11"]);
    const merged = run(["merge", s1, s2, "--out", m]);
    expect(merged.code).toBe(0);
    expect(withoutTiming(join(m, "results.json"))).toBe(withoutTiming(join(a, "results.json")));
  });

  it("bad shard and merge arguments are usage errors (exit 2)", () => {
    expect(run(["verify", "--shard", "3/2"]).stderr).toMatch(/--shard: must be i\/n/);
    expect(run(["merge"]).code).toBe(2);
    expect(run(["merge", join(tmpdir(), "no-such-dir")]).stderr).toMatch(/has no results.json/);
  });
});

/** Quick fake claims, injected into main() (MainOptions.claims): "ok" confirms (and needs 2 instances), the others as named. */
function quickClaim(id: string, kind: "ok" | "throws" | "slow" | "refuted" = "ok"): Claim {
  return fakeClaim(id, (r, mt) => {
    if (kind === "throws") throw new TypeError("xs is not iterable");
    if (kind === "slow") busy(30);
    mt.record("x = x", kind === "refuted" ? 2 : 0.25 * r.next(), 1, () => ({ x: 1 }));
    mt.atLeast("y ≤ 1", 0.5, "1", 1e-12, () => ({ y: 0.5 }));
  }, { minInstances: kind === "ok" ? 2 : 1 });
}
const fakes = ["F1", "F2", "F3", "F4"].map((id) => quickClaim(id));
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `bwcheck-${p}-`));

describe("a verdict needs evidence; errors and time-outs fail", () => {
  it("--runs below what a claim needs is refused before anything runs (exit 2, one line, nothing written)", async () => {
    const out = join(tmp("runs0"), "r");
    for (const [runs, claims] of [["0", fakes], ["1", fakes]] as const) {
      const r = await runCli(["verify", "--runs", runs, "--out", out], { claims });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^bwcheck verify: --runs: must be an integer ≥ 2, got "\d"\n$/);
      expect(existsSync(out)).toBe(false);
    }
    // a real claim needs MIN_INSTANCES = 10: --runs 9 (or 1, which confirmed all twelve claims before) is refused
    for (const runs of ["0", "1", "9"]) {
      const real = await runCli(["verify", "--runs", runs, "--claim", "C11", "--out", out]);
      expect(real.code).toBe(2);
      expect(real.stderr).toMatch(new RegExp(`--runs: must be an integer ≥ 10, got "${runs}"`));
      expect(existsSync(out)).toBe(false);
    }
  });

  it("a check that throws is an error: exit 1, JUnit <error>, the message in the evidence", async () => {
    const out = tmp("err");
    const r = await runCli(["verify", "--runs", "3", "--out", out], { claims: [quickClaim("E1", "throws"), fakes[0]] });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E1: error, expected confirmed: the check itself threw: TypeError: xs is not iterable/);
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    expect(junit).toContain('errors="1"');
    expect(junit).toContain('failures="0"');
    expect(junit).toMatch(/<error message="error, expected confirmed">the check itself threw/);
  });

  it("a claim past its budget is timed out: exit 1, a JUnit failure; --claim-timeout lifts the budget", async () => {
    const out = tmp("slow");
    const r = await runCli(["verify", "--runs", "40", "--out", out], { claims: [quickClaim("S1", "slow")] });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/S1 +timed out/);
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toMatch(/<failure message="timed out, expected confirmed">ran past its time budget of 0.2 s/);
    expect((await runCli(["verify", "--runs", "10", "--claim-timeout", "30", "--out", out], { claims: [quickClaim("S1", "slow")] })).code).toBe(0);
    expect((await runCli(["verify", "--claim-timeout", "0", "--out", out], { claims: fakes })).code).toBe(2);
  });

  it("margins read the same in the evidence, results.json and summary.md", async () => {
    const out = tmp("margin");
    expect((await runCli(["verify", "--runs", "5", "--out", out], { claims: [fakes[0]] })).code).toBe(0);
    const rec = JSON.parse(readFileSync(join(out, "results.json"), "utf8")).claims[0];
    expect(rec.worstMargin.what).toBe("error/tolerance (fails above 1)");
    expect(rec.worstMargin.at).toBe("x = x");
    expect(rec.worstMargin.slack).toEqual({ value: 0.5, scale: "1", at: "y ≤ 1", tolerance: 1e-12 });
    const phrase = `worst error ${rec.worstMargin.value.toPrecision(2)}× tolerance, at x = x; smallest slack 0.50 of 1 (fails below −1e-12), at y ≤ 1`;
    expect(rec.evidence).toContain(phrase);
    expect(readFileSync(join(out, "summary.md"), "utf8")).toContain(`**Margin.** ${phrase}.`);
  });
});

describe("merge: complete or failing", () => {
  const seedRuns = ["--runs", "3", "--seed", "5"];
  const shardDirs = async (n: number, which: number[], extra: string[] = []) => {
    const dirs: string[] = [];
    for (const i of which) {
      const d = tmp(`sh${i}`);
      // each flag once (a repeated flag is refused): an extra --seed replaces the default one
      const base = extra.includes("--seed") ? ["--runs", "3"] : seedRuns;
      expect((await runCli(["verify", ...base, ...extra, "--shard", `${i}/${n}`, "--out", d], { claims: fakes })).code).toBe(0);
      dirs.push(d);
    }
    return dirs;
  };

  it("a missing shard fails (exit 2), naming the shard and its claims, and writes nothing", async () => {
    const dirs = await shardDirs(3, [1, 2]);
    const out = join(tmp("m"), "merged");
    const r = await runCli(["merge", ...dirs, "--out", out], { claims: fakes });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("bwcheck merge: shards: incomplete: shard 3/3 missing; claims not run: F3 (add the missing shard directories, or --allow-partial for a report marked partial)\n");
    expect(existsSync(out)).toBe(false);
  });

  it("--allow-partial: the report says partial at its top, JUnit skips the missing claims", async () => {
    const dirs = await shardDirs(3, [1, 3]);
    const out = tmp("mp");
    const r = await runCli(["merge", ...dirs, "--out", out, "--allow-partial"], { claims: fakes });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("partial report: shard 2/3 missing, claims not run: F2");
    const md = readFileSync(join(out, "summary.md"), "utf8").split("\n");
    expect(md[0]).toMatch(/\(PARTIAL\)$/);
    expect(md[2]).toMatch(/^\*\*Partial report\*\* .*shard 2\/3 missing; claims not run: F2/);
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    expect(junit).toMatch(/<testcase classname="bwcheck.claims" name="F2" time="0.000">\n {6}<skipped /);
    expect(junit).toContain('tests="4" failures="0" errors="0" skipped="1"');
    expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).missing).toEqual({ shards: ["2/3"], claims: ["F2"] });
  });

  it("duplicate shards, mixed seeds or runs, and mixed splits stay refused (exit 2)", async () => {
    const [a] = await shardDirs(2, [1]);
    const [b] = await shardDirs(2, [1]);
    expect((await runCli(["merge", a, b, "--out", tmp("x")], { claims: fakes })).stderr).toMatch(/is shard 1\/2 again/);
    const [c] = await shardDirs(2, [2], ["--seed", "6"]);
    expect((await runCli(["merge", a, c, "--out", tmp("x")], { claims: fakes })).stderr).toMatch(/was run with seed 6 and 3 runs, .* with seed 5 and 3 runs/);
    const [d] = await shardDirs(3, [2]);
    const r = await runCli(["merge", a, d, "--out", tmp("x")], { claims: fakes });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/split the claims different ways/);
  });

  it("a corrupt or foreign results.json is bad input naming the file", async () => {
    const [a] = await shardDirs(1, [1]);
    const bad = tmp("bad");
    // a results.json as verify wrote it, with one figure path changed
    const withFigure = (path: string) => {
      const res = JSON.parse(readFileSync(join(a, "results.json"), "utf8"));
      res.claims[0].figures = [{ path, title: "x" }];
      return JSON.stringify(res);
    };
    for (const [text, message] of [
      ["{'seed': 1}", /results\.json: is not valid JSON: /],
      ["[1, 2]", /results\.json: is not a bwcheck verify results\.json: not a JSON object/],
      ['{"seed": 1, "runs": 2, "shard": null, "claims": [{"id": "C99"}]}', /unknown claim "C99"/],
      ['{"seed": 5, "runs": 3, "shard": null, "claims": [{"id": "F1", "status": "confirmed", "expect": "confirmed", "title": "t", "evidence": "e", "seconds": 1, "figures": []}]}', /F1: missing or mistyped statement, source, method, file, seed, runs, instances, hypotheses, worstMargin/],
      [withFigure("../../etc/passwd"), /F1: a figure is not \{path: "figures\/NAME\.svg", title\}/],
    ] as const) {
      writeFileSync(join(bad, "results.json"), text);
      const r = await runCli(["merge", a, bad, "--out", tmp("x")], { claims: fakes });
      expect(r.code, text).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(r.stderr).toContain(join(bad, "results.json"));
      expect(r.stderr).toMatch(message);
    }
  });
});

describe("--out and --junit are checked before any claim runs", () => {
  it("an existing file, a path under a file, a directory as --junit: exit 2, one line, nothing run", async () => {
    const d = tmp("out");
    writeFileSync(join(d, "file"), "x");
    const cases: [string[], RegExp][] = [
      [["--out", join(d, "file")], /--out: .*file exists and is not a directory/],
      [["--out", join(d, "file", "sub")], /--out: cannot create .*file\/sub: .*file is a file/],
      [["--out", d, "--junit", d], /--junit: .* is a directory, not a file/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["verify", ...args], { claims: [quickClaim("S", "slow")] });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.seconds).toBeLessThan(0.5);
    }
    expect(readdirSync(d)).toEqual(["file"]);
  });
});
