/**
 * Measuring what starting node with bwcheck costs, for test/import-cost.test.ts
 * and test/cli-usage-cost.test.ts: wall times of `node ARGS` against
 * `node -e ""` in the same run (medians, alternating, so that a loaded
 * machine slows both), the packages reached through static imports of a built
 * file, and the packages a run actually resolved (load-trace.mjs).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const ROOT = join(import.meta.dirname, "..");

/** The packages that must load only on first use: plotting, the symbolic engines, ml-matrix. */
export const HEAVY = ["vega", "vega-lite", "mathjs", "nerdamer", "ml-matrix"];

/** Packages reached through static `import … from` / `export … from` (not `import()`), from a built file. */
export function staticPackages(entry: string): { packages: Set<string>; files: Set<string> } {
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

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall time of `node ARGS` from the repository root, in seconds; `status` is the exit code it must give. */
export function seconds(args: string[], status = 0): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== status) throw new Error(`node ${args.join(" ")}: exit ${r.status}, expected ${status}: ${r.stderr}`);
  return t;
}

/** Medians of `runs` alternating timings of `node ARGS` and of `node -e ""`, and their ratio. */
export function againstBareNode(args: string[], status = 0, runs = 5): { seconds: number; bare: number; ratio: number } {
  const bare: number[] = [], full: number[] = [];
  for (let k = 0; k < runs; k++) {
    bare.push(seconds(["-e", ""]));
    full.push(seconds(args, status));
  }
  const [b, f] = [median(bare), median(full)];
  return { seconds: f, bare: b, ratio: f / b };
}

/**
 * Runs `node ARGS` with test/load-trace.mjs preloaded and returns its exit
 * code, its stderr and the npm packages it resolved (its imports, static and
 * dynamic, as the module loader saw them).
 */
export function resolvedPackages(args: string[]): { status: number | null; stderr: string; packages: Set<string> } {
  const dir = mkdtempSync(join(tmpdir(), "bwcheck-trace-"));
  const file = join(dir, "resolved.txt");
  try {
    const r = spawnSync(process.execPath, ["--import", join(ROOT, "test/load-trace.mjs"), ...args], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, BWCHECK_LOAD_TRACE: file },
    });
    const urls = readFileSync(file, "utf8").split("\n").filter((u) => u !== "");
    const packages = new Set(urls.flatMap((u) => {
      const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(u));
      return m ? [m[1]] : [];
    }));
    return { status: r.status, stderr: r.stderr, packages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
