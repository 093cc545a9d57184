/**
 * The exit-code contract, command by command (issue 12, docs/cli-contract.md):
 * bad usage or input → exit 2, one line on stderr naming the field or file,
 * nothing on stdout, checked before any long work; a verdict or a numerical
 * breakdown → exit 1 with a line saying what happened. Each case here was
 * wrong before issue 12 (noted per test). In-process (cli-harness.ts), plus a
 * few real spawns of the built CLI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { firstBrokenStep } from "../src/cli/train.js";
import { runCli } from "./cli-harness.js";

const dir = mkdtempSync(join(tmpdir(), "bwcheck-contract-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const aFile = file("a-file", "x");
const sigma0 = [[3, 0.2, 0], [0.2, 2, 0.1], [0, 0.1, 1]];
const trainRequest = (extra: object) => file(`train-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ sigma0, widths: [3, 3, 3], init: "balanced-close", seed: 2, tau: 0.1, ...extra }));

function expectUsageError(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^[^\n]+\n$/);
  expect(r.stderr).toMatch(message);
}

describe("train", () => {
  it('"lr": 100 → exit 1: descent diverged, at which step, what to change (was: "symmetricEigen: matrix has non-finite entries")', async () => {
    const r = await runCli(["train", "--input", trainRequest({ method: "gd", lr: 100, steps: 400 })]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bwcheck train: gradient descent diverged at step (\d+) of 400: the loss (reached \S+|is \S+) \(it started at \S+\); lower "lr" \(now 100\) \(the step bound of C12 at this start is η = \S+\), or use "method": "flow"\n$/);
    expect(r.stderr).not.toMatch(/symmetricEigen/);
  });

  it("the step reported is the first at which the loss leaves the finite range", () => {
    expect(firstBrokenStep(400, (n) => n < 37)).toBe(37);
    expect(firstBrokenStep(400, (n) => n < 1)).toBe(1);
    expect(firstBrokenStep(400, (n) => n < 400)).toBe(400);
    expect(firstBrokenStep(5, (n) => n < 3)).toBe(3);
  });

  it("a stable run still succeeds (exit 0, JSON out)", async () => {
    const r = await runCli(["train", "--input", trainRequest({ method: "gd", lr: 0.05, steps: 50 })]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).final.loss).toBeLessThan(1);
  });

  it('a trace longer than MAX_TRACE_POINTS → exit 2 at once (was: "record": 1 over 1e8 steps ran out of memory hours later)', async () => {
    const r = await runCli(["train", "--input", trainRequest({ method: "gd", lr: 0.05, steps: 100_000_000, record: 1 })]);
    expectUsageError(r, /^bwcheck train: record: would record 100000000 points \("steps" \/ "record" = 100000000 \/ 1\); at most 1000000 are kept: raise "record"\n$/);
    expect(r.seconds).toBeLessThan(1);
    const flow = await runCli(["train", "--input", trainRequest({ method: "flow", time: 10, record: 1e-6 })]);
    expectUsageError(flow, /^bwcheck train: record: would record 10000000 points \("time" \/ "record" = 10 \/ 0\.000001\)/);
    // at the limit itself it is accepted (and runs: a short run with every step recorded)
    const ok = await runCli(["train", "--input", trainRequest({ method: "gd", lr: 0.05, steps: 20, record: 1 })]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).trace).toHaveLength(21);
  });

  it("--out an existing file → exit 2 before training (was: trained, then a raw EEXIST)", async () => {
    const r = await runCli(["train", "--input", trainRequest({ method: "gd", lr: 0.05, steps: 2_000_000 }), "--out", aFile]);
    expectUsageError(r, /^bwcheck train: --out: .*a-file exists and is not a directory/);
    expect(r.seconds).toBeLessThan(1);
  });
});

describe("corrupt or unreadable JSON names the file", () => {
  const corrupt = file("corrupt.json", "{'sigma0': [[1]]}");
  for (const command of ["eval", "critical", "train"]) {
    it(`${command} --input corrupt.json → exit 2 naming the file (was: "input: invalid JSON")`, async () => {
      expectUsageError(await runCli([command, "--input", corrupt]), new RegExp(`^bwcheck ${command}: .*corrupt\\.json: invalid JSON: `));
      expectUsageError(await runCli([command, "--input", join(dir, "nope.json")]), /--input: cannot read .*nope\.json/);
    });
  }
});

describe("derivcheck", () => {
  it("an f that returns NaN is a failure naming the point and the value (was: 'round-off (≥ 1.5)', 'FD uncertainty Infinity')", async () => {
    const mod = file("nan.mjs", "export const x = [[1, 2]]; export const f = (x) => Math.log(x.data[0] - 0.99) + x.data[1]; export const grad = (x) => [[1 / (x.data[0] - 0.99), 1]];");
    const r = await runCli(["derivcheck", "--module", mod, "--out", join(dir, "dc1")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: f returned NaN at the point \[\[0\.9\d*,\d\.\d+\]\]$/m);
    expect(r.stdout).not.toMatch(/round-off \(≥|Infinity/);
  });

  it("a grad with ∞ at x, and an f that throws midway, are failures naming them", async () => {
    const inf = file("inf.mjs", "export const x = [[0.5, 1]]; export const f = () => 1; export const grad = () => [[Infinity, 0]];");
    const r1 = await runCli(["derivcheck", "--module", inf, "--out", join(dir, "dc2")]);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/^FAILED: grad returned Infinity at entry 0 \(row-major\) at the point \[\[0\.5,1\]\]$/m);
    const later = file("later.mjs", "export const x = [[1]]; let k = 0; export const f = (x) => { if (++k > 3) throw new RangeError('out of range'); return x.data[0] ** 2; }; export const grad = (x) => [[2 * x.data[0]]];");
    const r2 = await runCli(["derivcheck", "--module", later, "--out", join(dir, "dc3")]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/^FAILED: f threw RangeError: out of range at the point /m);
  });

  it("wrong return types at x, and --out an existing file, are bad input before any check (exit 2)", async () => {
    const str = file("str.mjs", "export const x = [[1]]; export const f = () => '1'; export const grad = () => [[0]];");
    expectUsageError(await runCli(["derivcheck", "--module", str]), /^bwcheck derivcheck: f: must return a number, returned string at the point x\n$/);
    const shape = file("shape.mjs", "export const x = [[1, 2]]; export const f = () => 0; export const grad = () => [[0], [0]];");
    expectUsageError(await runCli(["derivcheck", "--module", shape]), /grad: returned a 2×1 matrix at a 1×2 point x/);
    const ok = file("ok.mjs", "export const x = [[1, 2]]; export const f = (x) => x.data[0] ** 2; export const grad = (x) => [[2 * x.data[0], 0]];");
    expectUsageError(await runCli(["derivcheck", "--module", ok, "--out", aFile]), /--out: .*a-file exists and is not a directory/);
  });

  it("the module's options out of range are bad input before any check (exit 2; was a RangeError from the checker, exit 1)", async () => {
    const body = "export const x = [[1, 2]]; export const f = (x) => x.data[0] ** 2; export const grad = (x) => [[2 * x.data[0], 0]];";
    for (const [options, message] of [
      ["{ slopeTolerance: 1 }", /^bwcheck derivcheck: options: opts\.slopeTolerance must be in \(0, 1\)/],
      ["{ magnitude: Infinity }", /^bwcheck derivcheck: options: opts\.magnitude must be a finite number ≥ 0, got Infinity/],
      ["{ full: 'yes' }", /^bwcheck derivcheck: options: opts\.full must be true, false or "auto", got "yes"/],
      ["{ project: 3 }", /^bwcheck derivcheck: options: opts\.project must be a function/],
      ["3", /^bwcheck derivcheck: options: must be an object of check options, got 3/],
    ] as const) {
      const mod = file(`opts-${options.replace(/\W/g, "")}.mjs`, `${body} export const options = ${options};`);
      expectUsageError(await runCli(["derivcheck", "--module", mod, "--out", join(dir, "dc-opts")]), message);
    }
  });
});

describe("a flag whose value is missing", () => {
  it("--out --json is a missing value, not an output folder named --json (found by the fuzz test)", async () => {
    expectUsageError(await runCli(["verify", "--out", "--json"]), /^bwcheck verify: --out needs a value\n$/);
    expectUsageError(await runCli(["merge", dir, "--out", "--json"]), /^bwcheck merge: --out needs a value\n$/);
    expectUsageError(await runCli(["train", "--input", "--out"]), /^bwcheck train: --input needs a value\n$/);
  });
});

describe("a flag given twice", () => {
  it("is refused before any work (was: verify --claim C5 --claim C7 ran C7 alone and exited 0; found by a newcomer)", async () => {
    const r = await runCli(["verify", "--claim", "C5", "--claim", "C7", "--runs", "30"]);
    expectUsageError(r, /^bwcheck verify: --claim is given twice \(each flag at most once\)\n$/);
    expect(r.seconds).toBeLessThan(5);
    expectUsageError(await runCli(["verify", "--json", "--json"]), /^bwcheck verify: --json is given twice/);
    expectUsageError(await runCli(["eval", "--input", "a.json", "--input=b.json"]), /^bwcheck eval: --input is given twice/);
    expectUsageError(await runCli(["merge", dir, "--out", dir, "--out=x"]), /^bwcheck merge: --out is given twice/);
  });
});

describe("the prefix and the one line", () => {
  it("an unknown command with a newline in it still gives one line (found by the fuzz test)", async () => {
    expectUsageError(await runCli(["a\nb"]), /^bwcheck: unknown command "a\\nb"/);
  });
});

describe("the built CLI, spawned", () => {
  const cli = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));
  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: dir });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it("verify --runs 0 --claim C11 → exit 2, one line, nothing written (was: 'confirmed … along 0 flows', exit 0)", () => {
    const before = readdirSync(dir).length;
    expectUsageError(run(["verify", "--runs", "0", "--claim", "C11", "--out", join(dir, "r0")]), /^bwcheck verify: --runs: must be an integer ≥ 10, got "0"\n$/);
    expect(readdirSync(dir).length).toBe(before);
  });

  it("verify --out an existing file → exit 2 at once (was: the whole sweep, then a raw EEXIST)", () => {
    expectUsageError(run(["verify", "--out", aFile]), /^bwcheck verify: --out: .*a-file exists and is not a directory\n$/);
  });

  // /sys and /proc: access() says writable to root, mkdir fails (and a recursive mkdir under /proc loops forever on Node 20)
  it.skipIf(!existsSync("/proc/self"))("verify --out on a virtual file system → exit 2 before any claim, nothing left behind (was: the claim ran, then EPERM exit 1, or a hang under /proc)", () => {
    expectUsageError(run(["verify", "--claim", "C1", "--out", "/proc/bwcheck-nope/deeper"]), /^bwcheck verify: --out: cannot create \/proc\/bwcheck-nope\/deeper: ENOENT\n$/);
    expectUsageError(run(["verify", "--claim", "C1", "--junit", "/proc/bwcheck-nope/j.xml"]), /^bwcheck verify: --junit: cannot create \/proc\/bwcheck-nope: ENOENT\n$/);
  });

  it("verify --out DIR whose folders do not exist yet: the probe leaves nothing when a later check fails", () => {
    const out = join(dir, "p", "q");
    expectUsageError(run(["verify", "--out", out, "--runs", "0"]), /^bwcheck verify: --runs/);
    expect(existsSync(join(dir, "p"))).toBe(false);
  });

  it("train from stdin that diverges → exit 1, one line", () => {
    const r = run(["train", "--input", "-"], JSON.stringify({ sigma0, widths: [3, 3, 3], init: "balanced-close", seed: 2, tau: 0.1, method: "gd", lr: 100, steps: 400 }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bwcheck train: gradient descent diverged at step \d+ of 400: [^\n]+\n$/);
  });

  it("eval --jsonl --input DIR → exit 2 (was: a raw EISDIR, exit 1; found by the fuzz test)", () => {
    expectUsageError(run(["eval", "--jsonl", "--input", dir]), /^bwcheck eval: --input: cannot read .*: EISDIR/);
  });
});
