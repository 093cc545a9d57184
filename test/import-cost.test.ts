/**
 * Light entry points: `import "bwcheck"` and `import "bwcheck/properties"`
 * must not load vega, vega-lite (whose vega-canvas has a top-level await that
 * breaks `require()`), the symbolic engines mathjs and nerdamer, or ml-matrix;
 * those load on first use (a figure, `bwcheck/symbolic`, `toMlMatrix`).
 * Checked on the static import graph of the built files, then timed against
 * `node -e ""` in the same run (medians of 5, alternating; test/node-cost.ts):
 * the target is `import("bwcheck")` ≤ 0.25 s where node alone starts in
 * 0.13 s, i.e. at most 1.9× node's own start, a ratio that holds on a loaded
 * machine too; the same for `require("bwcheck")` (CommonJS callers).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { againstBareNode, HEAVY, ROOT, staticPackages } from "./node-cost.js";

describe("light entry points", () => {
  it("the built files exist (npm test builds them first)", () => {
    expect(existsSync(join(ROOT, "dist/src/index.js"))).toBe(true);
  });

  it("the graph reader sees a heavy package where one is imported statically", () => {
    // src/symbolic/index.js imports mathjs statically: the reader has to find it
    expect(staticPackages(join(ROOT, "dist/src/symbolic/index.js")).packages.has("mathjs")).toBe(true);
  });

  for (const entry of ["dist/src/index.js", "dist/properties/index.js"]) {
    it(`${entry} reaches none of ${HEAVY.join(", ")} statically`, () => {
      const { packages, files } = staticPackages(join(ROOT, entry));
      expect(files.size).toBeGreaterThan(entry.includes("properties") ? 5 : 30);
      expect([...packages].filter((p) => HEAVY.includes(p))).toEqual([]);
    });
  }

  it('require("bwcheck") works (no top-level await in its graph)', () => {
    const r = spawnSync(process.execPath, ["-e", 'console.log(typeof require("bwcheck").bwTarget)'], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("function");
  });

  // require() loads the same graph (the "require" condition names the same ES module, run by Node's require(esm))
  for (const [what, args] of [
    ['import("bwcheck")', ["--input-type=module", "-e", 'await import("bwcheck")']],
    ['require("bwcheck")', ["-e", 'require("bwcheck")']],
  ] as const) {
    it(`${what} takes at most 1.9× as long as starting node`, () => {
      const t = againstBareNode([...args]);
      console.log(`${what}: ${t.seconds.toFixed(3)} s, node -e "": ${t.bare.toFixed(3)} s (medians of 5)`);
      expect(t.ratio).toBeLessThanOrEqual(1.9);
    });
  }
});
