/**
 * Light entry points: `import "bwcheck"` and `import "bwcheck/properties"`
 * must not load vega, vega-lite (whose vega-canvas has a top-level await that
 * breaks `require()`), the symbolic engines mathjs and nerdamer, or ml-matrix;
 * those load on first use (a figure, `bwcheck/symbolic`, `toMlMatrix`).
 * Checked on the static import graph of the built files, then timed against
 * `node -e ""` in the same run (medians of 5, alternating): the target is
 * `import("bwcheck")` ≤ 0.25 s where node alone starts in 0.13 s, i.e. at most
 * 1.9× node's own start, a ratio that holds on a loaded machine too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const HEAVY = ["vega", "vega-lite", "mathjs", "nerdamer", "ml-matrix"];

/** Packages reached through static `import … from` / `export … from` (not `import()`), from a built file. */
function staticPackages(entry: string): { packages: Set<string>; files: Set<string> } {
  const files = new Set<string>(), packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["'];?$|^import\s+["']([^"']+)["'];?$/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith("node:")) packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
    }
  };
  visit(entry);
  return { packages, files };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function seconds(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")}: ${r.stderr}`);
  return t;
}

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

  it('import("bwcheck") takes at most 1.9× as long as starting node', () => {
    const bare: number[] = [], full: number[] = [];
    for (let k = 0; k < 5; k++) {
      bare.push(seconds(["-e", ""]));
      full.push(seconds(["--input-type=module", "-e", 'await import("bwcheck")']));
    }
    const [b, f] = [median(bare), median(full)];
    console.log(`import("bwcheck"): ${f.toFixed(3)} s, node -e "": ${b.toFixed(3)} s (medians of 5)`);
    expect(f / b).toBeLessThanOrEqual(1.9);
  });
});
