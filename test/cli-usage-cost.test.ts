/**
 * A usage error returns fast: every command parses and checks its arguments
 * before it imports a heavy module (mathjs alone takes 0.5–1 s), so a typo
 * costs about a bare node start, not a symbolic engine. `verify --runs 3`
 * (below the 10 instances a verdict needs, exit 2) used to load mathjs
 * through the claims registry first: 0.63 s against node's 0.05 s.
 * Checked two ways on the built CLI: the packages the run resolved (a
 * module-resolution hook, test/load-trace.mjs), and the wall time against
 * `node -e ""` in the same run (medians of 5, alternating; test/node-cost.ts,
 * as test/import-cost.test.ts measures imports).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claims } from "../proofs-check/registry.js";
import { REGISTERED_IDS } from "../src/cli/verify.js";
import { againstBareNode, HEAVY, resolvedPackages, ROOT } from "./node-cost.js";

const CLI = join(ROOT, "dist/src/cli/main.js");

/** Bad usage of every command (exit 2), each caught by the argument checks. */
const USAGE_ERRORS = [
  ["verify", "--runs", "3"],
  ["verify", "--runs", "3", "--claim", "C5"],
  ["verify", "--bogus"],
  ["verify", "--seed", "x"],
  ["verify", "--shard", "4/3"],
  ["verify", "--claim-timeout", "0"],
  ["verify", "--json", "--json"],
  ["merge"],
  ["merge", "--bogus"],
  ["merge", "shard1", "--out"],
  ["derive", "--bogus"],
  ["derive", "--format", "pdf"],
  ["derivcheck"],
  ["derivcheck", "--module", "x.mjs", "--seed", "-1"],
  ["eval", "--bogus"],
  ["train", "--bogus"],
  ["critical", "--bogus"],
  ["no-such-command"],
];

describe("usage errors load no heavy package", () => {
  it("the trace sees a heavy package where one is imported", () => {
    const r = resolvedPackages(["--input-type=module", "-e", 'await import("mathjs")']);
    expect(r.status).toBe(0);
    expect(r.packages.has("mathjs")).toBe(true);
  });

  for (const args of USAGE_ERRORS) {
    it(`bwcheck ${args.join(" ")}: exit 2, one line, none of ${HEAVY.join(", ")}`, () => {
      const r = resolvedPackages([CLI, ...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect([...r.packages].filter((p) => HEAVY.includes(p))).toEqual([]);
    });
  }
});

describe("what verify checks before it imports the registry", () => {
  it("its list of claim ids is the registry's, in order", () => {
    expect(REGISTERED_IDS).toEqual(claims.map((c) => c.id));
  });
});

describe("usage errors return fast", () => {
  it("verify --runs 3 takes at most 1.9× as long as starting node", () => {
    const t = againstBareNode([CLI, "verify", "--runs", "3"], 2);
    console.log(`verify --runs 3 (exit 2): ${t.seconds.toFixed(3)} s, node -e "": ${t.bare.toFixed(3)} s (medians of 5)`);
    expect(t.ratio).toBeLessThanOrEqual(1.9);
  });
});
