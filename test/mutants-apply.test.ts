/**
 * The mutation corpus (test/mutants/*.patch, run by `npm run mutants`,
 * docs/mutants.md) is only evidence while its patches still apply: a patch
 * whose context was rewritten tests nothing, and three of them had rotted
 * that way unnoticed (the extreme-scale fixes rewrote the lines they
 * mutate). Every patch must apply to the current sources (`git apply
 * --check`, which changes nothing). Skipped where git or the repository is
 * absent (an installed copy).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const inRepo = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: ROOT, encoding: "utf8" }).stdout?.trim() === "true";
const patches = readdirSync(join(ROOT, "test/mutants")).filter((f) => f.endsWith(".patch")).sort();

describe.skipIf(!inRepo)("the mutation corpus applies to the current sources", () => {
  it("holds the patches docs/mutants.md describes", () => {
    expect(patches.length).toBeGreaterThanOrEqual(40);
  });
  for (const p of patches) {
    it(p, () => {
      const r = spawnSync("git", ["apply", "--check", join("test/mutants", p)], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    });
  }
  it("git apply --check itself rejects a patch that does not apply (the test can fail)", () => {
    const bad = "--- a/src/index.ts\n+++ b/src/index.ts\n@@ -1,1 +1,1 @@\n-this line is not in the file\n+x\n";
    const r = spawnSync("git", ["apply", "--check", "-"], { cwd: ROOT, input: bad, encoding: "utf8" });
    expect(r.status).not.toBe(0);
  });
});
