/**
 * `bwcheck eval`: the loss is answered at every valid point, with
 * "notDifferentiable" where the derivatives do not exist (PAPER.md §2: τ = 0
 * and rank(R0 W) < min(n, m)), and the JSON Lines mode (`--jsonl`: one
 * request per line in, one result per line out, in order, flushed per line;
 * a bad line answers {"error", "line", "field"?} and the stream goes on).
 * docs/cli-reference.md documents both.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { NotDifferentiableError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import { evaluateRequest, runJsonl } from "../src/cli/eval.js";
import { toRows } from "../src/linalg/matrix.js";
import { referenceCases, relErr } from "./helpers.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));

function run(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// Σ0 = diag(2, 1), W = e1 e1ᵀ: R0 W = diag(√2, 0) has rank 1 < min(n, m) = 2, so at τ = 0
// L(W) = ‖W‖² + tr Σ0 − 2‖R0 W‖_* = 1 + 3 − 2√2 exists but ∇L does not (PAPER.md §2).
const sigma0 = [[2, 0], [0, 1]];
const rankOne = [[1, 0], [0, 0]];
const lossAtRankOne = 4 - 2 * Math.SQRT2;

describe("eval at points where L is not differentiable (issue 11 item 4)", () => {
  it("W-space, τ = 0, rank(R0 W) < min(n, m): the loss, no grad, the reason", () => {
    const out = evaluateRequest({ sigma0, W: rankOne });
    expect(Object.keys(out).sort()).toEqual(["loss", "notDifferentiable"]);
    expect(Math.abs(out.loss - lossAtRankOne)).toBeLessThanOrEqual(4e-16 * 4);
    expect(out.notDifferentiable).toMatch(/^L is not differentiable here: rank\(R0 W\) = 1 < min\(n, m\) = 2 .*use tau > 0/);
  });

  it("the same with hessian: true (no hessian either, one reason)", () => {
    const out = evaluateRequest({ sigma0, W: rankOne, hessian: true });
    expect(Object.keys(out).sort()).toEqual(["loss", "notDifferentiable"]);
    expect(Math.abs(out.loss - lossAtRankOne)).toBeLessThanOrEqual(4e-16 * 4);
  });

  it("W = 0 (rank 0): L = tr Σ0", () => {
    const out = evaluateRequest({ sigma0, W: [[0], [0]] });
    // within rounding of 3: ‖R0‖_F² = (√2)² + 1 in floating point
    expect(out).toEqual({ loss: expect.closeTo(3, 15), notDifferentiable: expect.stringMatching(/rank\(R0 W\) = 0 < min\(n, m\) = 1/) });
  });

  it("τ > 0 at the same point is smooth: grad (and hessian), no notDifferentiable", () => {
    const out = evaluateRequest({ sigma0, W: rankOne, tau: 0.1, hessian: true });
    expect(Object.keys(out).sort()).toEqual(["grad", "hessian", "loss"]);
    const t = bwTarget(sigma0);
    expect(out.grad).toEqual(toRows(t.grad(rankOne, { tau: 0.1 })));
    expect(out.hessian).toEqual(toRows(t.hessian(rankOne, { tau: 0.1 })));
  });

  it("layers without a bottleneck, product of rank 1 < 2: the loss, no layerGrads", () => {
    const out = evaluateRequest({ sigma0, layers: [rankOne, [[1, 0], [0, 1]]], hessian: true });
    expect(Object.keys(out).sort()).toEqual(["loss", "notDifferentiable"]);
    expect(Math.abs(out.loss - lossAtRankOne)).toBeLessThanOrEqual(4e-16 * 4);
    expect(out.notDifferentiable).toMatch(/rank\(R0 W\) = 1 < min\(n, m\) = 2/);
  });

  it("layers with a bottleneck r = 1 and rank(R0 W) = 1: L^N is differentiable (smooth extension, PAPER.md §3)", () => {
    const out = evaluateRequest({ sigma0, layers: [[[1, 0]], [[1], [0]]], hessian: true });
    expect(Object.keys(out).sort()).toEqual(["hessian", "layerGrads", "loss"]);
    expect(Math.abs(out.loss - lossAtRankOne)).toBeLessThanOrEqual(4e-16 * 4);
  });

  it("layers with a bottleneck r = 1 and rank(R0 W) = 0 < r: the loss tr Σ0, no layerGrads", () => {
    const out = evaluateRequest({ sigma0, layers: [[[0, 0]], [[1], [0]]] });
    expect(out).toEqual({ loss: expect.closeTo(3, 15), notDifferentiable: expect.stringMatching(/^L\^N is not differentiable here: rank\(R0 W\) = 0 is below the bottleneck width r = 1/) });
  });

  it("the library still throws its typed error for explicit derivative calls", () => {
    const t = bwTarget(sigma0);
    expect(() => t.grad(rankOne)).toThrow(NotDifferentiableError);
    expect(() => t.hessian(rankOne)).toThrow(NotDifferentiableError);
    expect(() => t.layerGrads([[[0, 0]], [[1], [0]]])).toThrow(NotDifferentiableError);
    expect(t.loss(rankOne)).toBeCloseTo(lossAtRankOne, 15);
  });

  it("the CLI answers it with exit 0 and empty stderr", () => {
    const r = run(["eval", "--input", "-"], JSON.stringify({ sigma0, W: rankOne, hessian: true }));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["loss", "notDifferentiable"]);
    expect(Math.abs(out.loss - lossAtRankOne)).toBeLessThanOrEqual(4e-16 * 4);
  });
});

/** Runs the JSONL loop in-process on the given text; returns the output lines and the exit code. */
async function jsonl(text: string, evaluate?: (req: Record<string, unknown>) => object): Promise<{ lines: Record<string, unknown>[]; raw: string; code: number }> {
  const input = new PassThrough(), output = new PassThrough();
  let raw = "";
  output.on("data", (b: Buffer) => (raw += b.toString("utf8")));
  const done = runJsonl(input, output, evaluate);
  input.end(text);
  const code = await done;
  return { lines: raw.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l)), raw, code };
}

describe("eval --jsonl (issue 14 item 4)", () => {
  const ref = referenceCases();
  const wCase = ref[3];
  const layerCase = ref.find((c) => c.layers)!;
  const requests = [
    { sigma0: wCase.sigma0, W: wCase.W, tau: wCase.tau, hessian: true },
    { sigma0: layerCase.sigma0, layers: layerCase.layers, tau: layerCase.tau },
    { sigma0, W: rankOne },
  ];

  it("one result per request line, in order, equal to the one-request mode's", async () => {
    const { lines, raw, code } = await jsonl(requests.map((r) => JSON.stringify(r)).join("\n") + "\n");
    expect(code).toBe(0);
    expect(raw.endsWith("\n")).toBe(true);
    expect(lines).toEqual(requests.map((r) => JSON.parse(JSON.stringify(evaluateRequest(r)))));
    expect(Math.abs((lines[0].loss as number) - wCase.expect.loss)).toBeLessThanOrEqual(1e-12 * Math.abs(wCase.expect.loss) + 1e-13);
    expect(relErr(lines[0].grad as number[][], wCase.expect.grad as number[][])).toBeLessThanOrEqual(1e-12);
  });

  it("a bad line answers an error object naming the line (and field) and the stream goes on", async () => {
    const text = [
      JSON.stringify(requests[0]),
      "{not json",
      JSON.stringify({ sigma0: [[1, 0.3], [0.2, 1]], W: [[1], [1]] }),
      "[1, 2]",
      "",
      JSON.stringify({ sigma0, W: rankOne, tua: 1 }),
      JSON.stringify(requests[1]),
    ].join("\n");
    const { lines, code } = await jsonl(text); // no final newline: the last line still counts
    expect(code).toBe(0);
    expect(lines).toHaveLength(6); // the blank line 5 gets no answer
    expect(lines[0]).toEqual(JSON.parse(JSON.stringify(evaluateRequest(requests[0]))));
    expect(lines[1]).toEqual({ error: expect.stringMatching(/^input: invalid JSON/), field: "input", line: 2 });
    expect(lines[2]).toEqual({ error: expect.stringMatching(/^sigma0: is not symmetric/), field: "sigma0", line: 3 });
    expect(lines[3]).toEqual({ error: "input: must be a JSON object", field: "input", line: 4 });
    expect(lines[4]).toEqual({ error: expect.stringMatching(/^tua: unknown field/), field: "tua", line: 6 });
    expect(lines[5]).toEqual(JSON.parse(JSON.stringify(evaluateRequest(requests[1]))));
  });

  it('"id" is echoed back on results and errors (any JSON value), and only in JSONL mode', async () => {
    const text = [JSON.stringify({ id: "a-1", ...requests[2] }), JSON.stringify({ id: 7, sigma0: "x", W: [[1]] }), JSON.stringify({ id: { k: [1] }, ...requests[2] })].join("\r\n") + "\r\n";
    const { lines, code } = await jsonl(text);
    expect(code).toBe(0);
    expect(lines[0]).toEqual({ id: "a-1", ...JSON.parse(JSON.stringify(evaluateRequest(requests[2]))) });
    expect(lines[1]).toMatchObject({ id: 7, line: 2, field: "sigma0" });
    expect(lines[2].id).toEqual({ k: [1] });
    expect(() => evaluateRequest({ id: 1, ...requests[2] })).toThrow(/id: unknown field/);
  });

  it("a fault of ours on one line is answered too, and makes the exit code 1 at the end", async () => {
    let calls = 0;
    const { lines, code } = await jsonl('{"a": 1}\n{"a": 2}\n', (req) => {
      if (++calls === 1) throw new TypeError("boom");
      return { echo: req.a };
    });
    expect(lines).toEqual([{ error: "internal error: TypeError: boom", line: 1 }, { echo: 2 }]);
    expect(code).toBe(1);
  });

  it("a reader that goes away (EPIPE, as with `| head -1`) ends the loop quietly; other write errors are faults", async () => {
    for (const [code, expected] of [["EPIPE", 0], ["EIO", "rejects"]] as const) {
      let answered = 0;
      const output = new Writable({
        write(_chunk, _enc, cb) {
          answered++;
          cb(Object.assign(new Error(`write ${code}`), { code }));
        },
      });
      const input = new PassThrough();
      const done = runJsonl(input, output, () => ({ ok: true }));
      for (let k = 0; k < 50; k++) input.write('{"a": 1}\n');
      input.end();
      if (expected === 0) expect(await done).toBe(0);
      else await expect(done).rejects.toThrow(/write EIO/);
      expect(answered).toBeLessThan(50);
    }
  });

  it("empty input: no output, exit 0", async () => {
    expect(await jsonl("")).toEqual({ lines: [], raw: "", code: 0 });
  });

  it("the CLI answers each line before the next one is sent (flushed per line)", async () => {
    const child = spawn(process.execPath, [cli, "eval", "--jsonl"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let buffered = "", stderr = "";
    const waiters: ((line: string) => void)[] = [];
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdout.on("data", (b: Buffer) => {
      buffered += b.toString();
      let i;
      while ((i = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 1);
        waiters.shift()?.(line);
      }
    });
    const ask = (req: unknown) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no answer within 20 s: the line was not flushed")), 20_000);
        waiters.push((line) => {
          clearTimeout(timer);
          resolve(JSON.parse(line));
        });
        child.stdin.write(typeof req === "string" ? req + "\n" : JSON.stringify(req) + "\n");
      });
    for (const req of requests) expect(await ask(req)).toEqual(JSON.parse(JSON.stringify(evaluateRequest(req))));
    expect(await ask("{oops")).toMatchObject({ line: 4, field: "input" });
    expect(await ask(requests[0])).toEqual(JSON.parse(JSON.stringify(evaluateRequest(requests[0]))));
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("--jsonl reads --input FILE too; usage errors of the whole command still exit 2", () => {
    const file = fileURLToPath(new URL("./fixtures/eval-requests.jsonl", import.meta.url));
    const r = run(["eval", "--jsonl", "--input", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").map((l) => Object.keys(JSON.parse(l)).sort())).toEqual([["grad", "loss"], ["loss", "notDifferentiable"], ["error", "field", "line"]]);
    for (const args of [["eval", "--jsonl", "--bogus"], ["eval", "--jsonl", "--input", "/nonexistent/requests.jsonl"], ["eval"], ["eval", "--input", "-", "--jsonl", "extra"]]) {
      const bad = run(args, "");
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe("");
      expect(bad.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});

const python = spawnSync("python3", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!python)("examples/eval_client.py (runs when python3 is present)", () => {
  it("its demo's answers are the eval answers, its descent the same steps as here", () => {
    const example = fileURLToPath(new URL("../examples/eval_client.py", import.meta.url));
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync("python3", [example], { encoding: "utf8", cwd: root, env: { ...process.env, BWCHECK: `${quote(process.execPath)} ${quote(cli)}` } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    const s4 = [[4, 0], [0, 1]];
    expect(lines.slice(0, 2)).toEqual([evaluateRequest({ sigma0: s4, W: [[1, 0], [0, 1]] }), evaluateRequest({ sigma0: s4, W: rankOne })]);
    // the first answer is L = 1, ∇L = diag(−2, 0) to within the 1e-12 target, and what the demo's comment says it prints
    expect(Math.abs(lines[0].loss - 1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(lines[0].grad[0][0] + 2)).toBeLessThanOrEqual(2e-12);
    const comment = readFileSync(example, "utf8");
    expect(comment).toContain(`the answer reads ${lines[0].loss} and ${lines[0].grad[0][0]}:`);
    expect(lines[2]).toEqual({ error: "W: must have n = 2 rows (the size of sigma0), got 3×1", field: "W", line: 3 });
    // the same descent in-process: W ← W − lr ∇L_τ(W), in the same floating-point operations
    const sigma = [[4, 1], [1, 2]], lr = 0.1, tau = 0.01;
    let W = [[0.5, 0], [0, 0.5]], first: number | undefined;
    for (let k = 0; k < 25; k++) {
      const a = evaluateRequest({ sigma0: sigma, W, tau });
      first ??= a.loss;
      W = W.map((row, i) => row.map((w, j) => w - lr * a.grad![i][j]));
    }
    expect(lines[3]).toEqual({ descent: { steps: 25, first, last: evaluateRequest({ sigma0: sigma, W, tau }).loss, W } });
    expect(lines[3].descent.last).toBeLessThan(1e-3 * lines[3].descent.first); // it does descend
  });
});
