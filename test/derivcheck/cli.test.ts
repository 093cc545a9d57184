/**
 * `bwcheck derivcheck --module FILE`: the README's example module passes and
 * gets its figures; a module with a wrong gradient fails with exit 1; a
 * module without f/grad is bad input (exit 2).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("bwcheck derivcheck", () => {
  const out = mkdtempSync(join(tmpdir(), "bwcheck-derivcheck-"));

  it("passes the example module and writes both figures", () => {
    const r = run(["derivcheck", "--module", "examples/my-formulas.mjs", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gradient\s+passed\s+2\.0\d/);
    expect(r.stdout).toMatch(/hessian\s+passed\s+3\.0\d/);
    for (const kind of ["gradient", "hessian"]) {
      const svg = readFileSync(join(out, `${kind}.svg`), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("Taylor remainder");
      expect(svg).toContain("reference");
    }
  });

  it("fails a module whose gradient is 1e-4 off, naming the failed test", () => {
    // inside the repository, where the bare specifier "bwcheck" resolves (package self-reference)
    mkdirSync(join(root, ".test-tmp"), { recursive: true });
    const dir = mkdtempSync(join(root, ".test-tmp", "wrong-"));
    const file = join(dir, "wrong.mjs");
    writeFileSync(
      file,
      `import { bwTarget, scale } from "bwcheck";
const t = bwTarget([[2, 0.3], [0.3, 1]]);
export const n = 2, m = 3;
export const f = (W) => t.loss(W, { tau: 0.1 });
export const grad = (W) => scale(t.grad(W, { tau: 0.1 }), 1.0001);
`,
    );
    const r = run(["derivcheck", "--module", file, "--out", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/gradient\s+FAILED/);
    expect(r.stdout).toMatch(/gradient: (Taylor remainder slope|finite differences)/);
  });

  it("refuses a module without f or grad (exit 2, one line naming the export)", () => {
    const dir = mkdtempSync(join(tmpdir(), "bwcheck-bad-"));
    const file = join(dir, "bad.mjs");
    writeFileSync(file, "export const f = (x) => 0;\nexport const x = [[1]];\n");
    const r = run(["derivcheck", "--module", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/grad: the module must export a function grad/);
    expect(run(["derivcheck", "--module", join(dir, "missing.mjs")]).stderr).toMatch(/--module: cannot load/);
  });
});
