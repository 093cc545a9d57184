/**
 * Counts in what bwcheck writes agree with their nouns: "1 random instance",
 * "2 random instances" — in claim evidence, in summary.md, junit.xml and
 * results.json, and on the command line (a newcomer read "1 random
 * instances" in the evidence of `verify`). One helper makes every such phrase
 * (src/report/wording.ts); this file checks the helper and the texts that use
 * it, at a count of 1 and of 2.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claims } from "../proofs-check/registry.js";
import { runClaim } from "../proofs-check/run-claim.js";
import { ClaimTimeout } from "../proofs-check/claim.js";
import { deriveOutput } from "../src/cli/derive.js";
import { count, numbered } from "../src/report/wording.js";
import { runCli } from "./cli-harness.js";
import { fakeClaim } from "./fake-claims.js";

/** The nouns bwcheck counts; a phrase "1 [adjective] <noun>s" is a slip. */
const NOUNS = "instance|triple|target|network|flow|run|start|step|point|failure|claim|shard";
const SINGULAR_SLIP = new RegExp(`(?<![\\d.e-])1 (?:[a-z]+ )?(?:${NOUNS})s\\b`);
const PLURAL_SLIP = new RegExp(`(?<![\\d.e-])(?:[02-9]|\\d{2,}) (?:[a-z]+ )?(?:${NOUNS})\\b(?!s)`);
/** "1 of 10 starts were", "3 of 10 starts was": the verb agrees with the first count. */
const VERB_SLIP = /(?<![\d.])(?:1 of \d+ [a-z]+ were|(?:[02-9]|\d{2,}) of \d+ [a-z]+ was)\b/;

function slips(text: string): string[] {
  return [SINGULAR_SLIP, PLURAL_SLIP, VERB_SLIP].flatMap((re) => text.match(re)?.[0] ?? []);
}

describe("the wording helper", () => {
  it("puts the noun in the number of its count", () => {
    expect(count(1, "random instance")).toBe("1 random instance");
    expect(count(2, "random instance")).toBe("2 random instances");
    expect(count(0, "claim")).toBe("0 claims");
    expect(count(1, "claim")).toBe("1 claim");
    expect(count(21, "run")).toBe("21 runs");
    expect(count(1, "matrix", "matrices")).toBe("1 matrix");
    expect(count(3, "matrix", "matrices")).toBe("3 matrices");
    expect(numbered(1, "differs", "differ")).toBe("differs");
    expect(numbered(2, "differs", "differ")).toBe("differ");
    expect(numbered(0, "was", "were")).toBe("were");
  });

  it("the slip finder of this file finds slips and passes right phrases", () => {
    expect(slips("held on 1 random instances")).toEqual(["1 random instances"]);
    expect(slips("held on 2 random instance")).toEqual(["2 random instance"]);
    expect(slips("; 1 of 10 starts were balanced")).toEqual(["1 of 10 starts were"]);
    expect(slips("held on 1 random instance; 2 of 10 starts were balanced; 11 runs, 1.5e-1 claims")).toEqual([]);
  });
});

describe("claim evidence at 1 and at 2 instances", () => {
  for (const claim of claims) {
    it(`${claim.id}: the evidence counts in the right number`, () => {
      for (const runs of [1, 2]) {
        const r = claim.check({ seed: 5, runs, progress: () => {} });
        expect(r.status).toBe(claim.expect);
        expect(slips(r.evidence), r.evidence).toEqual([]);
        // the count of drawn instances is in the evidence, with its noun
        expect(r.evidence).toMatch(new RegExp(`\\b${runs} (?:[a-z]+ )?[a-z]+${runs === 1 ? "(?<!s)" : "s"}\\b`));
      }
    });
  }

  it("too few judged instances: 'no verdict: 1 instance judged'", () => {
    const c = fakeClaim("F1", () => {}, { minInstances: 3 });
    expect(runClaim(c, { seed: 1, runs: 1 }).evidence).toBe("no verdict: 1 instance judged, and a verdict on F1 needs at least 3");
    expect(runClaim(c, { seed: 1, runs: 2 }).evidence).toBe("no verdict: 2 instances judged, and a verdict on F1 needs at least 3");
  });

  it("a claim that ran out of time: 'stopped after 1 of 1 instance'", () => {
    expect(new ClaimTimeout(1, 1).message).toBe("stopped after 1 of 1 instance: the time budget ran out");
    expect(new ClaimTimeout(0, 2).message).toBe("stopped after 0 of 2 instances: the time budget ran out");
  });
});

describe("verify's reports and output at --runs 1 and 2", () => {
  const registry = [
    fakeClaim("F1", () => {}),
    fakeClaim("F2", (r, mt) => void mt.holds("a fact", r.next() < 2, "never", () => null)),
    fakeClaim("F3", (_r, mt) => void mt.holds("a fact", false, "always fails", () => ({ x: 1 }))),
  ];

  for (const runs of [1, 2]) {
    it(`--runs ${runs}: summary.md, junit.xml, results.json and stdout`, async () => {
      const out = mkdtempSync(join(tmpdir(), "bwcheck-wording-"));
      const r = await runCli(["verify", "--runs", String(runs), "--out", out], { claims: registry });
      expect(r.code).toBe(1); // F3 is refuted
      const md = readFileSync(join(out, "summary.md"), "utf8");
      const junit = readFileSync(join(out, "junit.xml"), "utf8");
      const json = readFileSync(join(out, "results.json"), "utf8");
      for (const text of [md, junit, json, r.stdout, r.stderr]) expect(slips(text), text).toEqual([]);
      expect(md).toContain(`${count(runs, "random instance")} per claim`);
      expect(md).toContain("**1 claim differs from its expectation.**");
      expect(junit).toContain(`(seed 20230303, ${runs} run${runs === 1 ? "" : "s"})`);
    });
  }

  it("two claims differ: '2 claims differ from their expectation'", async () => {
    const out = mkdtempSync(join(tmpdir(), "bwcheck-wording-"));
    const both = [...registry, fakeClaim("F4", (_r, mt) => void mt.holds("a fact", false, "always fails", () => null))];
    await runCli(["verify", "--runs", "1", "--out", out], { claims: both });
    expect(readFileSync(join(out, "summary.md"), "utf8")).toContain("**2 claims differ from their expectation.**");
  });

  it("a partial merge names one missing shard, or several", async () => {
    const base = mkdtempSync(join(tmpdir(), "bwcheck-wording-"));
    const shard = (i: number) => join(base, `s${i}`);
    for (const i of [1, 2, 3]) expect((await runCli(["verify", "--runs", "1", "--shard", `${i}/3`, "--out", shard(i)], { claims: registry.slice(0, 2) })).code).toBe(0);
    const one = await runCli(["merge", shard(1), shard(2), "--allow-partial", "--out", join(base, "m1")], { claims: registry.slice(0, 2) });
    expect(one.stderr).toContain("shard 3/3 missing;");
    expect(readFileSync(join(base, "m1", "summary.md"), "utf8")).toContain("shard 3/3 missing");
    const two = await runCli(["merge", shard(1), "--allow-partial", "--out", join(base, "m2")], { claims: registry.slice(0, 2) });
    expect(two.stderr).toContain("shards 2/3, 3/3 missing;");
    expect(two.stdout).toContain("partial report: shards 2/3, 3/3 missing,");
    expect(readFileSync(join(base, "m2", "summary.md"), "utf8")).toContain("shards 2/3, 3/3 missing");
  });
});

describe("derive's cross-check at --points 1 and 2", () => {
  for (const points of [1, 2]) {
    it(`--points ${points}: the table, the LaTeX and the TypeScript headers`, async () => {
      const args = ["--space", "W", "--m", "1", "--points", String(points)];
      const text = await deriveOutput(args);
      const latex = await deriveOutput([...args, "--format", "latex"]);
      const ts = await deriveOutput([...args, "--format", "ts"]);
      for (const r of [text, latex, ts]) {
        expect(r.code).toBe(0);
        expect(slips(r.stdout)).toEqual([]);
        expect(r.stdout).toContain(count(points, "random point"));
      }
    });
  }
});
