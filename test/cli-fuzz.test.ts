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
import { isAbsolute, join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Claim } from "../proofs-check/claim.js";
import { type CliRun, runCli } from "./cli-harness.js";
import { fakeClaim } from "./fake-claims.js";

const RUNS = Number(process.env.BWCHECK_FUZZ_RUNS ?? 200);
/** derive's valid calls run mathjs and nerdamer (~0.5 s each): fewer cases in npm test */
const DERIVE_RUNS = process.env.BWCHECK_FUZZ_RUNS ? RUNS : 30;
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
  train: /^bwcheck train: gradient (descent diverged at step \d+|flow broke down)/m,
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
  // no NaN printed; derive's cross-check table may show NaN for nerdamer's gradient, the engine it
  // reports as wrong (DISAGREES), never for the derivation it prints
  expect((r.stdout + r.stderr).replace(/^ {2}nerdamer .*DISAGREES$/gm, ""), label).not.toMatch(/\bNaN\b/);
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
  if (jsonOut && !args.some((a) => a === "--help" || a === "-h")) {
    expect(() => JSON.parse(r.stdout), label).not.toThrow();
    expect(nullsForNumbers(JSON.parse(r.stdout)), label).toEqual([]);
  }
}

/** Exit codes seen per command: the fuzz must reach valid runs and verdicts too, not only rejections. */
const tally: Record<string, [number, number, number]> = {};

/**
 * Output paths are confined to the temporary folder: a relative --out or
 * --junit value (often junk) is placed under it, and a command that would
 * write to its default folder (reports/ in the working directory) gets one.
 */
function confined(command: string, args: readonly string[]): string[] {
  const inside = (v: string) => (v === "" || isAbsolute(v) || v.startsWith("--") ? v : join(root, "rel", v));
  const out = args.map((a, i) => {
    const m = /^(--out|--junit)=(.*)$/s.exec(a);
    if (m) return `${m[1]}=${inside(m[2])}`;
    return i > 0 && (args[i - 1] === "--out" || args[i - 1] === "--junit") ? inside(a) : a;
  });
  const hasOut = out.some((a) => a === "--out" || a.startsWith("--out="));
  if (!hasOut && ["verify", "merge", "derivcheck"].includes(command)) out.push("--out", fresh(`${command}-out`));
  return out;
}

/**
 * Where JSON.stringify turned a NaN or ±∞ into null: a null in an array that
 * also holds numbers, or as a loss or minimum. Returns the paths.
 */
function nullsForNumbers(v: unknown, path = "$"): string[] {
  if (Array.isArray(v)) {
    const numeric = v.some((x) => typeof x === "number");
    return v.flatMap((x, i) => (x === null && numeric ? [`${path}[${i}]`] : nullsForNumbers(x, `${path}[${i}]`)));
  }
  if (typeof v === "object" && v !== null) {
    return Object.entries(v).flatMap(([k, x]) => (x === null && ["loss", "minimum", "hessianMinEigenvalue"].includes(k) ? [`${path}.${k}`] : nullsForNumbers(x, `${path}.${k}`)));
  }
  return [];
}

async function fuzzCall(command: string, rawArgs: string[], claims: Claim[] = fakeClaims): Promise<void> {
  const args = confined(command, rawArgs);
  const r = await runCli([command, ...args], { claims });
  checkContract(command, args, r);
  (tally[command] ??= [0, 0, 0])[r.code]++;
}

/** After a command's property: every exit code it can give was reached (1 only where a verdict is possible). */
function expectReached(command: string, codes: number[]): void {
  const t = tally[command];
  if (process.env.BWCHECK_FUZZ_RUNS) console.log(`${command}: exit 0 ×${t[0]}, exit 1 ×${t[1]}, exit 2 ×${t[2]}`);
  for (const c of codes) expect(t[c], `${command} never exited ${c}: ${JSON.stringify(t)}`).toBeGreaterThan(0);
}

// ---------------------------------------------------------------- arbitraries

const junk = fc.oneof(
  fc.constantFrom("", " ", "-", "--", "-x", "--x", "=", "NaN", "Infinity", "-1", "0", "1e309", "null", "{}", "[]", "☃", "a\nb"),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 1_000_000 }).map(String),
  fc.double({ noDefaultInfinity: false }).map(String),
);

/**
 * Argument lists from a command's flags: a random subset of them, each with a
 * value that is usually meaningful and sometimes junk, in random order and
 * form (--flag value, --flag=value), sometimes with a stray token or a flag
 * missing its value.
 */
function argsOf(flags: Record<string, fc.Arbitrary<string> | "boolean">): fc.Arbitrary<string[]> {
  const entries = Object.entries(flags);
  const withValue = ([name, v]: [string, fc.Arbitrary<string> | "boolean"]): fc.Arbitrary<string[]> =>
    v === "boolean"
      ? fc.constant([`--${name}`])
      : fc.oneof({ weight: 8, arbitrary: v }, { weight: 1, arbitrary: junk }).chain((x) => fc.constantFrom([`--${name}`, x], [`--${name}=${x}`]));
  const chosen: fc.Arbitrary<string[]> = fc
    .shuffledSubarray(entries)
    .chain((es) => (es.length === 0 ? fc.constant([] as string[][]) : fc.tuple(...es.map(withValue))))
    .map((xs) => xs.flat());
  const stray: fc.Arbitrary<string[]> = fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: junk.map((x) => [x]) },
    ...(entries.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...entries).map(([name]) => [`--${name}`]) }] : []),
  );
  return fc.tuple(chosen, stray, fc.nat()).map(([a, b, i]) => [...a.slice(0, i % (a.length + 1)), ...b, ...a.slice(i % (a.length + 1))]);
}

/** Targets of each size n that are valid (and one that is not PSD). */
const SIGMA0: Record<number, number[][]> = { 1: [[1.5]], 2: [[2, 0.3], [0.3, 1]], 3: [[3, 0.2, 0], [0.2, 2, 0.1], [0, 0.1, 1]] };
const sizeN = fc.constantFrom(1, 2, 3);
const matrixOf = (n: number, m: number) => fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n });
const smallMatrix = fc.oneof(
  fc.tuple(sizeN, sizeN).chain(([n, m]) => matrixOf(n, m)),
  fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom(null, "x", 1e308, -0)), { maxLength: 3 }), { maxLength: 3 }),
);
const anyValue = fc.oneof({ weight: 4, arbitrary: smallMatrix }, { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 0.1, 1e300, true, "gd", "flow", null, [[1, 2], [2, 1]]) });

/**
 * A request: a valid one, with up to two mutations (a field deleted, replaced
 * by a random value, or an unknown field added), serialised; or broken text.
 */
function requestText(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: anyValue }),
    fc.record({ kind: fc.constant("add" as const), key: fc.string({ maxLength: 6 }), value: anyValue }),
  );
  const obj = fc.tuple(valid, fc.array(mutation, { maxLength: 2 })).map(([o, ms]) => {
    const out: Record<string, unknown> = { ...o };
    for (const m of ms) {
      const keys = Object.keys(out);
      if (m.kind === "add") out[m.key] = m.value;
      else if (keys.length > 0 && m.kind === "delete") delete out[keys[m.pick % keys.length]];
      else if (keys.length > 0 && m.kind === "replace") out[keys[m.pick % keys.length]] = m.value;
    }
    return out;
  });
  return fc.oneof(
    { weight: 8, arbitrary: obj.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: obj.chain((o) => { const t = JSON.stringify(o); return fc.nat({ max: t.length }).map((i) => t.slice(0, i)); }) },
    { weight: 1, arbitrary: fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 40 })) },
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

/**
 * The property every request-reading command gets: fuzzed requests (valid
 * ones mutated) in a file, with `extra` flags, each call held to the exit
 * contract; afterwards the command must have reached each of `codes`.
 */
async function fuzzRequests(command: string, valid: fc.Arbitrary<Record<string, unknown>>, extra: Record<string, fc.Arbitrary<string> | "boolean">, codes: number[]): Promise<void> {
  await fc.assert(fc.asyncProperty(inputArgs(requestText(valid), extra), async (args) => {
    if (readsStdin(args)) return;
    await fuzzCall(command, args);
  }), opts(RUNS));
  expectReached(command, codes);
}

/** Reading stdin in-process would wait forever: those argument lists are spawned in cli.test.ts instead. */
const readsStdin = (args: readonly string[]) => args.some((a, i) => (a === "--input" && (args[i + 1] === "-" || args[i + 1] === undefined)) || a === "--input=-") || (args.includes("--jsonl") && !args.some((a) => a.startsWith("--input")));

// ---------------------------------------------------------------- fixtures

/** The fake registries' claims: "ok" confirms, "refuted" sometimes fails, "false" always, "throws" sometimes throws. */
function quickClaim(id: string, kind: "ok" | "refuted" | "throws" | "false"): Claim {
  return fakeClaim(id, (r, mt) => {
    if (kind === "throws" && r.next() < 0.5) throw new Error("boom");
    mt.record("x", kind === "false" || (kind === "refuted" && r.next() < 0.3) ? 2 : 0.5 * r.next(), 1, () => ({ x: 1 }));
  });
}
const fakeClaims: Claim[] = [quickClaim("F1", "ok"), quickClaim("F2", "ok"), quickClaim("F3", "refuted"), quickClaim("F4", "throws")];
/** merge's registry: the shards of beforeAll are all confirmed, so a complete merge can succeed */
const mergeClaims: Claim[] = [quickClaim("F1", "ok"), quickClaim("F2", "ok"), quickClaim("F3", "ok")];

const dirs: Record<string, string> = {};
const modules: string[] = [];

beforeAll(async () => {
  // shard directories of a verify run with merge's registry (seed 1, runs 3): 1/2, 2/2, and a full run
  for (const [name, shard] of [["s1", "1/2"], ["s2", "2/2"], ["all", null]] as const) {
    dirs[name] = join(root, name);
    const r = await runCli(["verify", "--runs", "3", "--seed", "1", "--out", dirs[name], ...(shard ? ["--shard", shard] : [])], { claims: mergeClaims });
    expect(r.code).toBe(0);
  }
  // shard 2/2 of the same registry with F2 refuted: merged with s1, a complete report with a verdict
  dirs.r2 = join(root, "r2");
  const refuted = [mergeClaims[0], quickClaim("F2", "false"), mergeClaims[2]];
  expect((await runCli(["verify", "--runs", "3", "--seed", "1", "--out", dirs.r2, "--shard", "2/2"], { claims: refuted })).code).toBe(1);
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
    const valid = fc.tuple(sizeN, sizeN).chain(([n, m]) =>
      fc.oneof(
        fc.record({ sigma0: fc.constant(SIGMA0[n]), W: matrixOf(n, m), tau: fc.constantFrom(0, 0.1), hessian: fc.boolean() }, { requiredKeys: ["sigma0", "W"] }),
        fc.record({ sigma0: fc.constant(SIGMA0[n]), layers: fc.tuple(matrixOf(m, m), matrixOf(n, m)), tau: fc.constantFrom(0, 0.1), hessian: fc.boolean() }, { requiredKeys: ["sigma0", "layers"] }),
      ),
    );
    await fuzzRequests("eval", valid, { jsonl: "boolean" }, [0, 2]);
  }, TIMEOUT);

  it("critical", async () => {
    const valid = sizeN.chain((n) => fc.record({ sigma0: fc.constant(SIGMA0[n]), rank: fc.integer({ min: 1, max: n }), tau: fc.constantFrom(0, 0.1), m: fc.integer({ min: n, max: 3 }) }, { requiredKeys: ["sigma0", "rank"] }));
    await fuzzRequests("critical", valid, {}, [0, 2]);
  }, TIMEOUT);

  it("train", async () => {
    const valid = fc.tuple(fc.constantFrom(2, 3), fc.constantFrom(2, 3)).chain(([n, N]) =>
      fc.record({
        sigma0: fc.constant(SIGMA0[n]),
        widths: fc.array(fc.integer({ min: n, max: n + 1 }), { minLength: N, maxLength: N }).map((w) => [...w, n]),
        init: fc.constantFrom("balanced-close", "balanced-random"),
        seed: fc.integer({ min: 0, max: 50 }),
        tau: fc.constantFrom(0, 0.1),
      }).chain((base) =>
        fc.oneof(
          fc.record({ method: fc.constant("gd"), lr: fc.constantFrom(1e-3, 0.05, 0.3, 3, 100, 1e10), steps: fc.integer({ min: 1, max: 300 }), record: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: ["method", "lr", "steps"] }),
          fc.record({ method: fc.constant("flow"), time: fc.constantFrom(0.5, 2), record: fc.constantFrom(0.1, 1) }, { requiredKeys: ["method", "time"] }),
        ).map((m) => ({ ...base, ...m })),
      ),
    );
    await fuzzRequests("train", valid, { out: fc.oneof(newPath("train-out"), fc.constantFrom(join(root, "a-file"), join(root, "a-file", "x"))) }, [0, 1, 2]);
  }, TIMEOUT);

  it("derivcheck", async () => {
    const flags = {
      seed: fc.integer({ min: -1, max: 1000 }).map(String),
      directions: fc.integer({ min: 0, max: 4 }).map(String),
      out: fc.oneof(newPath("dc-out"), fc.constant(join(root, "a-file"))),
    };
    // --module given in most cases (a module of the pool, or a path that is none), the other flags at random
    const module = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...modules) }, { weight: 1, arbitrary: fc.constantFrom(join(root, "missing.mjs"), root) });
    const args = fc.tuple(fc.option(module, { freq: 6 }), argsOf(flags)).map(([m, rest]) => (m === null ? rest : ["--module", m, ...rest]));
    await fc.assert(fc.asyncProperty(args, async (xs) => fuzzCall("derivcheck", xs)), opts(RUNS));
    expectReached("derivcheck", [0, 1, 2]);
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
    expectReached("derive", [0, 2]);
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
      "claim-timeout": fc.constantFrom("0.05", "2", "0", "-1", "x"),
    };
    await fc.assert(fc.asyncProperty(argsOf(flags), async (args) => {
      await fuzzCall("verify", args);
    }), opts(RUNS));
    expectReached("verify", [0, 1, 2]);
  }, TIMEOUT);

  it("merge (shard directories, and random results.json)", async () => {
    // a claim record as verify writes it; requestText's mutations delete or garble its fields
    const record = fc.record({
      id: fc.constantFrom("F1", "F2", "F3", "C1"), title: fc.constant("t"), statement: fc.constant("s"), hypotheses: fc.constant(["h"]), source: fc.constant("paper"), method: fc.constant("m"), file: fc.constant("f.ts"),
      status: fc.constantFrom("confirmed", "refuted", "odd"), expect: fc.constant("confirmed"), seed: fc.constant(1), runs: fc.constant(3), instances: fc.nat(3), evidence: fc.constant("e"),
      worstMargin: fc.oneof(fc.constant({ value: 0.5, what: "error/tolerance (fails above 1)", at: "x" }), fc.constant({ value: null, what: "w", slack: { value: -1, scale: "1", at: "y", tolerance: 0 } }), anyValue),
      figures: fc.constant([]), budgetSeconds: fc.constant(1), seconds: fc.constant(0),
    });
    const results = requestText(fc.record({ seed: fc.constantFrom(1, 2), runs: fc.constantFrom(3, 4), shard: fc.constantFrom(null, "1/2", "2/2", "x"), claims: fc.array(record, { maxLength: 3 }) }));
    const dir = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("s1", "s2", "all", "r2") },
      { weight: 2, arbitrary: results.map((t) => { const d = fresh("rj"); mkdirSync(d); writeFileSync(join(d, "results.json"), t); return d; }) },
      { weight: 1, arbitrary: fc.constantFrom(join(root, "none"), join(root, "a-file")) },
    );
    const args = fc.tuple(fc.array(dir, { maxLength: 4 }), argsOf({ out: fc.oneof(newPath("m"), fc.constant(join(root, "a-file"))), json: "boolean", "allow-partial": "boolean" }));
    await fc.assert(fc.asyncProperty(args, async ([ds, rest]) => {
      await fuzzCall("merge", [...ds.map((d) => dirs[d] ?? d), ...rest], mergeClaims);
    }), opts(RUNS));
    expectReached("merge", [0, 1, 2]);
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
