/**
 * The `bwcheck` CLI contract (DESIGN.md "CLI"): eval's JSON in/out, the
 * bad-input rule (exit 2, one line on stderr naming the field, nothing on
 * stdout), --help, and the package entry resolving as "bwcheck" in plain Node.
 * Runs the built CLI (dist/, made by `npm run build`, which `npm test` runs first).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { referenceCases, relErr } from "./helpers.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));

function run(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("bwcheck CLI", () => {
  it("is built (npm test builds before it runs)", () => {
    expect(existsSync(cli)).toBe(true);
  });

  it("--help lists the commands and exits 0", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^  eval +\S/m);
    expect(r.stdout).toMatch(/verify/);
  });

  it("eval reproduces a reference case with the Hessian", () => {
    const c = referenceCases()[3];
    const r = run(["eval", "--input", "-"], JSON.stringify({ sigma0: c.sigma0, W: c.W, tau: c.tau, hessian: true }));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["grad", "hessian", "loss"]);
    expect(Math.abs(out.loss - c.expect.loss)).toBeLessThanOrEqual(1e-12 * Math.abs(c.expect.loss) + 1e-13);
    expect(relErr(out.grad, c.expect.grad as number[][])).toBeLessThanOrEqual(1e-12);
    expect(relErr(out.hessian, c.expect.hessian as number[][])).toBeLessThanOrEqual(1e-9);
  });

  it("eval with layers returns loss and layerGrads (and the parameter-space Hessian when asked)", () => {
    const c = referenceCases().find((x) => x.layers)!;
    const r = run(["eval", "--input", "-"], JSON.stringify({ sigma0: c.sigma0, layers: c.layers, tau: c.tau, hessian: true }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["hessian", "layerGrads", "loss"]);
    out.layerGrads.forEach((g: number[][], j: number) => expect(relErr(g, (c.expect.layerGrads as number[][][])[j])).toBeLessThanOrEqual(1e-12));
    const params = (c.layers as number[][][]).reduce((s, l) => s + l.length * l[0].length, 0);
    expect(out.hessian.length).toBe(params);
    // mathematics, not plumbing: each column of the printed Hessian is the
    // derivative of the layer gradients (checked against the 50-digit
    // reference above) along a coordinate, by Richardson-extrapolated central differences
    const t = bwTarget(c.sigma0);
    const layers = c.layers as number[][][];
    const flat = (ls: number[][][]) => ls.flatMap((l) => l.flat());
    const shaped = (v: number[]) => {
      let off = 0;
      return layers.map((l) => l.map((row) => row.map(() => v[off++])));
    };
    const grads = (v: number[]) => flat(t.layerGrads(shaped(v), { tau: c.tau }).map((m) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.slice(i * m.cols, (i + 1) * m.cols)))));
    const x = flat(layers), h = 1e-3;
    for (let k = 0; k < params; k++) {
      const at = (s: number) => grads(x.map((xi, i) => (i === k ? xi + s : xi)));
      const d = (s: number) => {
        const minus = at(-s);
        return at(s).map((g, i) => (g - minus[i]) / (2 * s));
      };
      const d1 = d(h), d2 = d(h / 2);
      const fd = d2.map((v, i) => (4 * v - d1[i]) / 3);
      const col = out.hessian.map((row: number[]) => row[k]);
      expect(relErr([col], [fd])).toBeLessThanOrEqual(1e-7);
    }
  });

  const bad: [string, string, RegExp][] = [
    ["invalid JSON", "{not json", /^bwcheck eval: input: invalid JSON/],
    ["non-square sigma0", JSON.stringify({ sigma0: [[1, 0, 0], [0, 1, 0]], W: [[1], [1]] }), /sigma0: must be square/],
    ["asymmetric sigma0", JSON.stringify({ sigma0: [[1, 0.3], [0.2, 1]], W: [[1], [1]] }), /sigma0: is not symmetric/],
    ["non-numeric sigma0", JSON.stringify({ sigma0: [[1, "x"], ["x", 1]], W: [[1], [1]] }), /sigma0: entry \(0, 1\) is "x", not a number/],
    ["non-finite sigma0 (null from NaN)", JSON.stringify({ sigma0: [[1, null], [null, 1]], W: [[1], [1]] }), /sigma0: entry \(0, 1\) is null/],
    ["indefinite sigma0", JSON.stringify({ sigma0: [[1, 2], [2, 1]], W: [[1], [1]] }), /sigma0: is not positive semidefinite/],
    ["W with the wrong shape", JSON.stringify({ sigma0: [[1, 0], [0, 1]], W: [[1, 2, 3]] }), /W: must have n = 2 rows/],
    ["ragged W", JSON.stringify({ sigma0: [[1, 0], [0, 1]], W: [[1, 2], [3]] }), /W: is ragged/],
    ["ragged layers", JSON.stringify({ sigma0: [[1, 0], [0, 1]], layers: [[[1, 2], [3]]] }), /layers\[0\]: is ragged/],
    ["layers that do not chain", JSON.stringify({ sigma0: [[1, 0], [0, 1]], layers: [[[1, 2]], [[1, 2], [3, 4]]] }), /layers\[1\]: has 2 columns/],
    ["negative tau", JSON.stringify({ sigma0: [[1, 0], [0, 1]], W: [[1], [1]], tau: -0.1 }), /tau: must be ≥ 0/],
    ["misspelt tau", JSON.stringify({ sigma0: [[1, 0], [0, 1]], W: [[1], [1]], tua: 0.1 }), /tua: unknown field/],
    ["both W and layers", JSON.stringify({ sigma0: [[1]], W: [[1]], layers: [[[1]]] }), /give either W or layers/],
    ["neither W nor layers", JSON.stringify({ sigma0: [[1]] }), /W: is missing/],
    ["hessian not a boolean", JSON.stringify({ sigma0: [[1]], W: [[1]], hessian: "yes" }), /hessian: must be true or false/],
  ];
  for (const [name, input, message] of bad) {
    it(`bad input: ${name} → exit 2, one line on stderr, empty stdout`, () => {
      const r = run(["eval", "--input", "-"], input);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it("unknown flags and missing files are usage errors (exit 2)", () => {
    expect(run(["eval", "--inptu", "x.json"]).code).toBe(2);
    const missing = run(["eval", "--input", "/nonexistent/x.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--input: cannot read/);
  });

  it('the package resolves as "bwcheck" from plain Node', () => {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", 'import { bwTarget } from "bwcheck"; console.log(bwTarget([[4]]).loss([[1]]));'], { encoding: "utf8", cwd: root });
    expect(r.stderr).toBe("");
    expect(Number(r.stdout)).toBeCloseTo(1 + 4 - 2 * 2, 14);
  });

  it('"bwcheck/symbolic" resolves too, and its derivation is checked', () => {
    const code = 'import { derive, scalarDeepForm } from "bwcheck/symbolic"; const d = derive(scalarDeepForm(1), { points: 5 }); console.log(JSON.stringify([d.check.agrees, d.gradient.length]));';
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", cwd: root });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([true, 1]);
  });
});

describe("bwcheck train", () => {
  const sigma0 = [[3, 0.2, 0], [0.2, 2, 0.1], [0, 0.1, 1]];
  it("trains by gradient descent and by flow, with the output contract", () => {
    for (const extra of [{ method: "gd", lr: 0.05, steps: 400, record: 100 }, { method: "flow", time: 8, record: 2 }]) {
      const r = run(["train", "--input", "-"], JSON.stringify({ sigma0, widths: [3, 3, 3], init: "balanced-close", seed: 2, tau: 0.1, ...extra }));
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(Object.keys(out).sort()).toEqual(["constants", "final", "minimum", "trace", "undefinedConstants"]);
      expect(Object.keys(out.constants).sort()).toEqual(["C0", "Delta", "K", "c", "eta1", "eta2", "eta3", "rate"]);
      expect(out.trace[0]).toHaveProperty(extra.method === "gd" ? "step" : "t");
      expect(out.final.layers).toHaveLength(2);
      expect(out.final.loss - out.minimum).toBeLessThan(1e-6);
      expect(out.minimum).toBe(0);
    }
  });
  const bad: [string, object, RegExp][] = [
    ["unknown method", { sigma0, widths: [3, 3], init: "balanced-random", method: "adam", lr: 0.1, steps: 1 }, /method: must be "gd" or "flow"/],
    ["negative step size", { sigma0, widths: [3, 3], init: "balanced-random", method: "gd", lr: -0.1, steps: 1 }, /lr: must be a positive number/],
    ["steps for flow", { sigma0, widths: [3, 3], init: "balanced-random", method: "flow", time: 1, steps: 3 }, /steps: is for method "gd"/],
    ["widths not ending in n", { sigma0, widths: [3, 2], init: "balanced-random", method: "gd", lr: 0.1, steps: 1 }, /widths: the last width d_N must be n = 3/],
    ["misspelt field", { sigma0, widths: [3, 3], init: "balanced-random", method: "gd", lr: 0.1, steps: 1, tua: 0.1 }, /tua: unknown field/],
  ];
  for (const [name, input, message] of bad) {
    it(`bad input: ${name} → exit 2`, () => {
      const r = run(["train", "--input", "-"], JSON.stringify(input));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }
});

describe("bwcheck critical", () => {
  it("lists the critical classes with the DESIGN contract", () => {
    const r = run(["critical", "--input", "-"], JSON.stringify({ sigma0: [[4, 0, 0], [0, 2.5, 0], [0, 0, 1.2]], rank: 2 }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.eigenvalues).toEqual([4, 2.5, 1.2]);
    expect(out.points.map((p: { support: number[] }) => p.support)).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect(out.points.map((p: { kind: string }) => p.kind)).toEqual(["minimum", "saddle", "saddle"]);
    expect(out.points.map((p: { loss: number }) => p.loss)).toEqual([1.2, 2.5, 4]);
    expect(out.minimum).toBe(1.2);
    expect(out.continuum).toBe(false);
  });
  it("bad input: rank out of range → exit 2 naming the field", () => {
    const r = run(["critical", "--input", "-"], JSON.stringify({ sigma0: [[1, 0], [0, 2]], rank: 3 }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/rank: must be an integer between 1 and min\(n, m\) = 2/);
  });
});
