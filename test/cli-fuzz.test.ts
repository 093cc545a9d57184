/**
 * A fuzz test of the CLI contract (issue 12, docs/cli-contract.md): every
 * command gets random argument lists and random, often malformed, JSON
 * (modules, shard directories), and every call must end in exactly one of
 *   exit 0 with valid output (JSON parses, no NaN anywhere on stdout),
 *   exit 2 with exactly one line on stderr and nothing on stdout,
 *   exit 1 with a verdict (a claim not as expected, a failed derivative
 *   check, a diverged training, a derivation that failed its cross-check),
 * and never an uncaught exception, a stack trace, or a call slower than
 * CALL_SECONDS. Calls run in-process (main() with captured output, see
 * cli-harness.ts); verify and merge get a registry of quick fake claims.
 *
 * BWCHECK_FUZZ_RUNS=1000 npx vitest run test/cli-fuzz.test.ts is the sweep
 * (1,000 cases per command); npm test runs FUZZ_RUNS cases per command.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Claim } from "../proofs-check/claim.js";
import { overInstances } from "../proofs-check/margin.js";
import { type CliRun, runCli } from "./cli-harness.js";

const RUNS = Number(process.env.BWCHECK_FUZZ_RUNS ?? 150);
/** derive's valid calls run mathjs and nerdamer (~0.5 s each): fewer cases in npm test */
const DERIVE_RUNS = process.env.BWCHECK_FUZZ_RUNS ? RUNS : 40;
const CALL_SECONDS = 30;
const SEED = Number(process.env.BWCHECK_FUZZ_SEED ?? 20230303);

const root = mkdtempSync(join(tmpdir(), "bwcheck-fuzz-"));
let counter = 0;
const fresh = (what: string) => join(root, `${what}-${counter++}`);
/** A path that does not exist yet (a fresh output directory or file). */
const newPath = (what: string) => fc.constant(what).map(fresh);

/** The exit-1 verdicts each command may give; anything else at exit 1 is an internal fault. */
const VERDICT: Record<string, RegExp> = {
  verify: /^\S+: (refuted|inconclusive|error|timed out), expected /m,
  merge: /^\S+: (refuted|inconclusive|error|timed out), expected /m,
  train: /^bwcheck train: gradient (descent diverged at step \d+|flow broke down)/,
  derivcheck: /^(FAILED: \S+ (returned|threw) .* at the point |gradient +FAILED|hessian +FAILED)/m,
  derive: /the derivation disagrees with the numeric core/,
  eval: /"error":"internal error: /, // --jsonl: a fault of ours on some line (never expected)
};

function checkContract(command: string, args: readonly string[], r: CliRun): void {
  const label = `bwcheck ${command} ${JSON.stringify(args)} → exit ${r.code}\nstdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 500)}`;
  expect([0, 1, 2], label).toContain(r.code);
  expect(r.stderr, label).not.toMatch(/\n\s+at .*(\.ts|\.js|node:)/); // no stack trace
  expect(r.seconds, label).toBeLessThan(CALL_SECONDS);
  if (r.code === 2) {
    expect(r.stdout, label).toBe("");
    expect(r.stderr, label).toMatch(/^bwcheck( \S+)?: [^\n]+\n$/);
    return;
  }
  expect(r.stdout + r.stderr, label).not.toMatch(/\bNaN\b/);
  if (r.code === 1) {
    expect(`${r.stdout}\n${r.stderr}`, label).toMatch(VERDICT[command] ?? /(?!)/);
    return;
  }
  if (args.includes("--jsonl")) {
    // JSON Lines: one JSON answer per non-blank input line (none for an empty input)
    for (const line of r.stdout.split("\n").filter((l) => l !== "")) expect(() => JSON.parse(line), label).not.toThrow();
    return;
  }
  expect(r.stdout.length, label).toBeGreaterThan(0);
  const jsonOut = ["eval", "critical", "train"].includes(command) || args.includes("--json") || (command === "derive" && args.join(" ").match(/--format(=| )json/));
  if (jsonOut && !args.some((a) => a === "--help" || a === "-h")) expect(() => JSON.parse(r.stdout), label).not.toThrow();
}

async function fuzzCall(command: string, args: string[]): Promise<void> {
  checkContract(command, args, await runCli([command, ...args], { claims: fakeClaims }));
}

// ---------------------------------------------------------------- arbitraries

const junk = fc.oneof(
  fc.constantFrom("", " ", "-", "--", "-x", "--x", "=", "NaN", "Infinity", "-1", "0", "1e309", "null", "{}", "[]", "☃", "a\nb"),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 1_000_000 }).map(String),
  fc.double({ noDefaultInfinity: false }).map(String),
);

/** Argument lists from a command's flags: each flag with a value from `values`, or junk; plus stray tokens. */
function argsOf(flags: Record<string, fc.Arbitrary<string> | "boolean">): fc.Arbitrary<string[]> {
  const entries = Object.entries(flags);
  const stray: fc.Arbitrary<string[]> = junk.map((x) => [x]);
  if (entries.length === 0) return fc.array(stray, { maxLength: 2 }).map((xs) => xs.flat());
  const withValue = ([name, v]: [string, fc.Arbitrary<string> | "boolean"]): fc.Arbitrary<string[]> =>
    v === "boolean"
      ? fc.constant([`--${name}`])
      : fc.oneof({ weight: 4, arbitrary: v }, { weight: 1, arbitrary: junk }).chain((x) => fc.constantFrom([`--${name}`, x], [`--${name}=${x}`]));
  const one: fc.Arbitrary<string[]> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...entries).chain(withValue) },
    { weight: 1, arbitrary: stray },
    { weight: 1, arbitrary: fc.constantFrom(...entries).map(([name]) => [`--${name}`]) },
  );
  return fc.array(one, { maxLength: 6 }).map((xs) => xs.flat());
}

const spd = fc.constantFrom([[2, 0.3], [0.3, 1]], [[3, 0.2, 0], [0.2, 2, 0.1], [0, 0.1, 1]], [[1]], [[4, 0], [0, 0]], [[1, 2], [2, 1]], [[1, 0], [0, 1]]);
const smallMatrix = fc.oneof(
  fc.integer({ min: 1, max: 3 }).chain((n) => fc.integer({ min: 1, max: 3 }).chain((m) => fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }))),
  fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom(null, "x", 1e308, -0)), { maxLength: 3 }), { maxLength: 3 }),
);
const anyValue = fc.oneof({ weight: 4, arbitrary: smallMatrix }, { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 0.1, 1e300, true, "gd", "flow", null) });

/** A request object near the fields a command knows, serialised, sometimes broken. */
function requestText(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const obj = fc
    .record(Object.fromEntries(keys.map((k) => [k, fc.oneof({ weight: 3, arbitrary: fields[k] }, { weight: 1, arbitrary: anyValue })])), { requiredKeys: [] })
    .chain((o) => fc.oneof({ weight: 6, arbitrary: fc.constant(o) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ ...o, [String(Math.random()).slice(2, 5)]: v })) }));
  return fc.oneof(
    { weight: 6, arbitrary: obj.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: obj.chain((o) => { const t = JSON.stringify(o); return fc.nat({ max: t.length }).map((i) => t.slice(0, i)); }) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}

/** --input: a file holding `text`, or a path that is not a readable file. */
function inputArgs(text: fc.Arbitrary<string>, extra: Record<string, fc.Arbitrary<string> | "boolean"> = {}): fc.Arbitrary<string[]> {
  const file = text.map((t) => {
    const p = fresh("in") + ".json";
    writeFileSync(p, t);
    return p;
  });
  const input = fc.oneof({ weight: 8, arbitrary: file }, { weight: 1, arbitrary: fc.constantFrom(join(root, "missing.json"), root, "") });
  return fc.tuple(input, argsOf(extra), fc.boolean()).map(([path, rest, first]) => (first ? ["--input", path, ...rest] : [...rest, "--input", path]));
}

/** Reading stdin in-process would wait forever: those argument lists are spawned in cli.test.ts instead. */
const readsStdin = (args: readonly string[]) => args.some((a, i) => (a === "--input" && (args[i + 1] === "-" || args[i + 1] === undefined)) || a === "--input=-") || (args.includes("--jsonl") && !args.some((a) => a.startsWith("--input")));

// ---------------------------------------------------------------- fixtures

function fakeClaim(id: string, kind: "ok" | "refuted" | "throws"): Claim {
  return {
    id,
    file: "test/cli-fuzz.test.ts",
    title: `fake ${id}`,
    statement: "a fact",
    source: "paper",
    hypotheses: [],
    method: "fake",
    expect: "confirmed",
    minInstances: 1,
    budget: { base: 0.2, perRun: 0 },
    check: (ctx) =>
      overInstances(ctx, "held", (r, mt) => {
        if (kind === "throws" && r.next() < 0.5) throw new Error("boom");
        mt.record("x", kind === "refuted" && r.next() < 0.3 ? 2 : 0.5 * r.next(), 1, () => ({ x: 1 }));
      }),
  };
}
const fakeClaims: Claim[] = [fakeClaim("F1", "ok"), fakeClaim("F2", "ok"), fakeClaim("F3", "refuted"), fakeClaim("F4", "throws")];

const dirs: Record<string, string> = {};
const modules: string[] = [];

beforeAll(async () => {
  // shard directories of a verify run with the fake registry (seed 1, runs 3): 1/2, 2/2, and a full run
  for (const [name, shard] of [["s1", "1/2"], ["s2", "2/2"], ["all", null]] as const) {
    dirs[name] = join(root, name);
    const r = await runCli(["verify", "--runs", "3", "--seed", "1", "--out", dirs[name], ...(shard ? ["--shard", shard] : [])], { claims: fakeClaims });
    expect([0, 1]).toContain(r.code);
  }
  writeFileSync(join(root, "a-file"), "x");
  const mods: Record<string, string> = {
    ok: "export const x = [[1, 2]]; export const f = (x) => x.data[0] ** 2 + x.data[1] ** 2; export const grad = (x) => [[2 * x.data[0], 2 * x.data[1]]]; export const hvp = (x, v) => [[2 * v.data[0], 2 * v.data[1]]];",
    wrong: "export const n = 2, m = 2; export const f = (x) => x.data.reduce((s, v) => s + v ** 3, 0); export const grad = (x) => ({ rows: 2, cols: 2, data: x.data.map((v) => 2 * v * v) });",
    nan: "export const x = [[1]]; export const f = (x) => Math.sqrt(x.data[0] - 1); export const grad = (x) => [[0.5 / Math.sqrt(x.data[0] - 1)]];",
    inf: "export const x = [[0.5, 1]]; export const f = () => 1; export const grad = () => [[Infinity, 0]];",
    throws: "export const x = [[1]]; export const f = () => { throw new Error('no'); }; export const grad = (x) => x;",
    throwsLater: "export const x = [[1]]; let calls = 0; export const f = (x) => { if (++calls > 3) throw new RangeError('later'); return x.data[0]; }; export const grad = () => [[1]];",
    string: "export const x = [[1]]; export const f = () => '1'; export const grad = () => [[0]];",
    shape: "export const x = [[1, 2]]; export const f = () => 0; export const grad = () => [[0], [0]];",
    hvpBad: "export const x = [[1]]; export const f = (x) => x.data[0] ** 2; export const grad = (x) => [[2 * x.data[0]]]; export const hvp = 3;",
    nox: "export const f = () => 0; export const grad = () => [[0]];",
    syntax: "export const x = [[1]; export f",
    empty: "",
  };
  mkdirSync(join(root, "mods"));
  for (const [name, text] of Object.entries(mods)) {
    const p = join(root, "mods", `${name}.mjs`);
    writeFileSync(p, text);
    modules.push(p);
  }
});

const opts = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });
const TIMEOUT = 600_000;

// ---------------------------------------------------------------- properties

describe(`CLI contract under random input (${RUNS} cases per command; BWCHECK_FUZZ_RUNS to change)`, () => {
  it("eval", async () => {
    const text = requestText({ sigma0: spd, W: smallMatrix, layers: fc.array(smallMatrix, { maxLength: 3 }), tau: fc.constantFrom(0, 0.1, -1, 1e308), hessian: fc.boolean() });
    await fc.assert(fc.asyncProperty(inputArgs(text, { jsonl: "boolean" }), async (args) => {
      if (readsStdin(args)) return;
      await fuzzCall("eval", args);
    }), opts(RUNS));
  }, TIMEOUT);

  it("critical", async () => {
    const text = requestText({ sigma0: spd, rank: fc.integer({ min: -1, max: 4 }), tau: fc.constantFrom(0, 0.1, 5), m: fc.integer({ min: 0, max: 4 }) });
    await fc.assert(fc.asyncProperty(inputArgs(text), async (args) => {
      if (readsStdin(args)) return;
      await fuzzCall("critical", args);
    }), opts(RUNS));
  }, TIMEOUT);

  it("train", async () => {
    const text = requestText({
      sigma0: spd,
      widths: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
      layers: fc.array(smallMatrix, { maxLength: 3 }),
      init: fc.constantFrom("balanced-close", "balanced-random", "zero"),
      seed: fc.integer({ min: -2, max: 50 }),
      tau: fc.constantFrom(0, 0.1),
      method: fc.constantFrom("gd", "flow", "sgd"),
      lr: fc.constantFrom(1e-3, 0.05, 0.5, 3, 100, 1e10, 0),
      steps: fc.integer({ min: 0, max: 300 }),
      time: fc.constantFrom(0.5, 2, 0, -1),
      record: fc.integer({ min: 0, max: 50 }),
    });
    await fc.assert(fc.asyncProperty(inputArgs(text, { out: fc.oneof(newPath("train-out"), fc.constantFrom(join(root, "a-file"), join(root, "a-file", "x"))) }), async (args) => {
      if (readsStdin(args)) return;
      await fuzzCall("train", args);
    }), opts(RUNS));
  }, TIMEOUT);

  it("derivcheck", async () => {
    const flags = {
      module: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...modules) }, { weight: 1, arbitrary: fc.constantFrom(join(root, "missing.mjs"), root) }),
      seed: fc.integer({ min: -1, max: 1000 }).map(String),
      directions: fc.integer({ min: 0, max: 4 }).map(String),
      out: fc.oneof(newPath("dc-out"), fc.constant(join(root, "a-file"))),
    };
    await fc.assert(fc.asyncProperty(argsOf(flags), async (args) => fuzzCall("derivcheck", args)), opts(RUNS));
  }, TIMEOUT);

  it("derive", async () => {
    const flags = {
      space: fc.constantFrom("sigma", "W", "scalar", "w"),
      n: fc.constantFrom("1", "2", "3"),
      m: fc.constantFrom("1", "2", "3", "4"),
      depth: fc.constantFrom("1", "2", "3", "9"),
      tau: "boolean" as const,
      diagonal: "boolean" as const,
      format: fc.constantFrom("text", "latex", "json", "ts", "html"),
      points: fc.constantFrom("1", "2", "3", "0"),
      seed: fc.constantFrom("1", "7", "-1"),
      critical: "boolean" as const,
      "blow-up": "boolean" as const,
    };
    await fc.assert(fc.asyncProperty(argsOf(flags), async (args) => fuzzCall("derive", args)), opts(DERIVE_RUNS));
  }, TIMEOUT);

  it("verify (a registry of quick fake claims)", async () => {
    const flags = {
      claim: fc.constantFrom("F1", "f2", "F3", "F4", "C99"),
      seed: fc.constantFrom("0", "7", "4294967295", "4294967296", "-3", "1.5"),
      runs: fc.constantFrom("0", "1", "3", "1000000000", "-1", "2.5"),
      out: fc.oneof(newPath("v"), fc.constantFrom(join(root, "a-file"), join(root, "a-file", "sub"))),
      json: "boolean" as const,
      junit: fc.oneof(newPath("j"), fc.constantFrom(root, join(root, "a-file", "j.xml"))),
      shard: fc.constantFrom("1/2", "2/2", "3/2", "0/1", "1/0", "a/b"),
      "claim-timeout": fc.constantFrom("0.05", "10", "0", "-1", "x"),
    };
    await fc.assert(fc.asyncProperty(argsOf(flags), async (args) => {
      // the default --out (reports/) would write into the repository: always name one
      const bound = args.some((a) => a === "--out" || a.startsWith("--out=")) ? args : [...args, "--out", fresh("v")];
      await fuzzCall("verify", bound);
    }), opts(RUNS));
  }, TIMEOUT);

  it("merge (shard directories, and random results.json)", async () => {
    const results = fc.oneof(
      requestText({ seed: fc.constantFrom(1, 2), runs: fc.constantFrom(3, 4), shard: fc.constantFrom(null, "1/2", "2/2", "x"), claims: fc.array(fc.record({ id: fc.constantFrom("F1", "F2", "C1"), status: fc.constantFrom("confirmed", "odd"), expect: fc.constant("confirmed"), title: fc.constant("t"), evidence: fc.constant("e"), seconds: fc.constant(0), figures: fc.constant([]) }), { maxLength: 3 }) }),
    );
    const dir = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("s1", "s2", "all") },
      { weight: 2, arbitrary: results.map((t) => { const d = fresh("rj"); mkdirSync(d); writeFileSync(join(d, "results.json"), t); return d; }) },
      { weight: 1, arbitrary: fc.constantFrom(join(root, "none"), join(root, "a-file")) },
    );
    const args = fc.tuple(fc.array(dir, { maxLength: 4 }), argsOf({ out: fc.oneof(newPath("m"), fc.constant(join(root, "a-file"))), json: "boolean", "allow-partial": "boolean" }));
    await fc.assert(fc.asyncProperty(args, async ([ds, rest]) => {
      const bound = [...ds.map((d) => dirs[d] ?? d), ...rest];
      if (!bound.some((a) => a === "--out")) bound.push("--out", fresh("m"));
      await fuzzCall("merge", bound);
    }), opts(RUNS));
  }, TIMEOUT);

  it("no command, unknown commands, help", async () => {
    const args = fc.array(fc.oneof(junk, fc.constantFrom("help", "--help", "-h", "--version", "verify", "eval", "nope")), { maxLength: 3 });
    await fc.assert(fc.asyncProperty(args, async (xs) => {
      if (xs.length > 0 && ["eval", "verify"].includes(xs[0]) && xs.length === 1) return; // would read stdin / run the real registry
      const [command = "", ...rest] = xs;
      if (["verify", "eval", "merge", "critical", "train", "derive", "derivcheck"].includes(command) && !rest.some((a) => a === "--help" || a === "-h")) return;
      const r = await runCli(xs, { claims: fakeClaims });
      checkContract(command, rest, r);
    }), opts(RUNS));
  }, TIMEOUT);
});
