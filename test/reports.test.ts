/**
 * The reports of `bwcheck verify`: summary.md, results.json, junit.xml and
 * figures; the same seed gives byte-identical results.json once the timing
 * field is set aside; --shard and merge give the same report as one run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const withoutTiming = (file: string) => readFileSync(file, "utf8").replace(/"seconds": [0-9.e+-]+/g, '"seconds": 0');

describe("verify reports", () => {
  const a = mkdtempSync(join(tmpdir(), "bwcheck-rep-a-")), b = mkdtempSync(join(tmpdir(), "bwcheck-rep-b-"));
  const quick = ["--runs", "3", "--seed", "11"];

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
