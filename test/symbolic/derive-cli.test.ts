/**
 * `bwcheck derive` (issue 4): the four formats, run through the built CLI.
 * json: mathjs parses and evaluates every expression and agrees with the
 * numeric core; ts: the generated module compiles under the project's
 * tsconfig and agrees with the numeric core; latex and text: their shape.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { rng } from "../../src/linalg/random.js";
import { wForm, scalarDeepForm, sigmaForm } from "../../src/symbolic/closed-forms.js";
import { randomScope } from "../../src/symbolic/cross-check.js";
import { math } from "../../src/symbolic/mathjs-instance.js";
import { numericValues } from "../../src/symbolic/numeric-peer.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [cli, "derive", ...args], { encoding: "utf8", cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const rel = (a: number[], b: number[]) =>
  Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0)) / Math.sqrt(b.reduce((s, x) => s + x * x, 0));

const scratch = mkdtempSync(join(tmpdir(), "bwcheck-derive-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("bwcheck derive --format json", () => {
  for (const [args, form] of [
    [["--space", "W", "--n", "2", "--m", "3", "--tau"], wForm(3, { tau: true })],
    [["--space", "sigma", "--n", "2"], sigmaForm()],
  ] as const) {
    it(`${args.join(" ")}: mathjs evaluates the expressions to the numeric core's values`, () => {
      const r = run([...args, "--format", "json", "--points", "20"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.variables).toEqual(form.variables);
      expect(out.parameters).toEqual(form.parameters);
      expect(out.check.agrees).toBe(true);
      const gradient = (out.gradient as string[]).map((e) => math.compile(e));
      const hessian = (out.hessian as string[][]).map((row) => row.map((e) => math.compile(e)));
      const r0 = rng(7);
      for (let k = 0; k < 20; k++) {
        const s = randomScope(form, r0);
        const ref = numericValues(form, s);
        expect(Math.abs((math.evaluate(out.loss, s) as number) - ref.loss)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref.loss)));
        expect(rel(gradient.map((g) => g.evaluate({ ...s }) as number), ref.gradient)).toBeLessThan(1e-10);
        expect(rel(hessian.flat().map((h) => h.evaluate({ ...s }) as number), ref.hessian.flat())).toBeLessThan(1e-10);
      }
    });
  }
});

describe("bwcheck derive --format ts", () => {
  it("writes a module that compiles under the project's tsconfig and agrees with the numeric core", async () => {
    const cases = [
      { args: ["--space", "W", "--m", "2"], form: wForm(2), file: "w2.ts" },
      { args: ["--space", "sigma", "--tau", "--diagonal"], form: sigmaForm({ tau: true, diagonal: true }), file: "sigma.ts" },
      { args: ["--space", "scalar", "--n", "1", "--depth", "3"], form: scalarDeepForm(3), file: "scalar.ts" },
      { args: ["--space", "W", "--m", "3", "--tau"], form: wForm(3, { tau: true }), file: "w3tau.ts" },
    ];
    for (const c of cases) {
      const r = run([...c.args, "--format", "ts", "--points", "10"]);
      expect(r.code).toBe(0);
      writeFileSync(join(scratch, c.file), r.stdout);
    }
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        extends: join(root, "tsconfig.json"),
        compilerOptions: { rootDir: ".", outDir: "out", types: [], declaration: false, sourceMap: false },
        include: cases.map((c) => c.file),
      }),
    );
    const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(scratch, "tsconfig.json")], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    for (const c of cases) {
      const mod = await import(pathToFileURL(join(scratch, "out", c.file.replace(/\.ts$/, ".js"))).href);
      expect(mod.variables).toEqual(c.form.variables);
      const r0 = rng(11);
      for (let k = 0; k < 100; k++) {
        const s = randomScope(c.form, r0);
        const ref = numericValues(c.form, s);
        expect(Math.abs(mod.loss(s) - ref.loss)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref.loss)));
        expect(rel(mod.gradient(s), ref.gradient)).toBeLessThan(1e-10);
        expect(rel((mod.hessian(s) as number[][]).flat(), ref.hessian.flat())).toBeLessThan(1e-10);
      }
    }
  }, 60_000);
});

describe("bwcheck derive --format latex | text, --critical, --blow-up, bad input", () => {
  it("latex: an align* block with every derivative, typeset symbols", () => {
    const r = run(["--space", "W", "--m", "1", "--format", "latex", "--points", "10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\\begin\{align\*\}[\s\S]*\\end\{align\*\}/);
    expect(r.stdout).toContain("\\frac{\\partial L}{\\partial w_{21}}");
    expect(r.stdout).toContain("\\frac{\\partial^2 L}{\\partial w_{11}\\,\\partial w_{21}}");
    // the named subexpressions (q = √(tr(Σ Σ0)), …), then L, 2 gradient and 3 Hessian entries
    expect(r.stdout).toMatch(/^q &= \\sqrt\{/m);
    const rows = r.stdout.match(/^.* &= /gm) ?? [];
    expect(rows.slice(rows.findIndex((x) => x.startsWith("L &=")))).toHaveLength(1 + 2 + 3);
  });
  it("text: expressions and the cross-check table, nerdamer's disagreement reported", () => {
    const r = run(["--space", "sigma", "--points", "10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dL\/ds12 = /m);
    expect(r.stdout).toMatch(/mathjs\s+Hessian vs numeric core\s+\S+\s+\S+\s+1\.0e-10\s+agrees/);
    expect(r.stdout).toMatch(/nerdamer 1\.1\.13\s+gradient vs numeric core.*DISAGREES/);
  });
  it("--critical and --blow-up print the exact results", () => {
    const c = run(["--critical"]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain("W = ±sqrt(a11) e_1, W = ±sqrt(a22) e_2");
    const b = JSON.parse(run(["--blow-up", "--format", "json"]).stdout);
    expect(b.map((x: { exponent: string }) => x.exponent)).toEqual(["-3/2", "-1", "0", "0"]);
  });
  it("bad input: exit 2, one line on stderr, nothing on stdout", () => {
    for (const args of [["--n", "3"], ["--space", "X"], ["--m", "4"], ["--format", "pdf"], ["--space", "sigma", "--m", "2"], ["--bogus"]]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n").length).toBe(1);
    }
  });
});
