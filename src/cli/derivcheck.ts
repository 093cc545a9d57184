/**
 * `bwcheck derivcheck --module FILE [--seed N] [--directions K] [--out DIR]`:
 * checks a user's own formulas. The module (ESM) exports
 *   f(x) → number, grad(x) → matrix, optionally hvp(x, v) → matrix,
 *   and either x (the point, a matrix) or n and m (a random n×m point),
 *   optionally options (CheckOptions, e.g. { project } or { magnitude }).
 * Matrices are bwcheck Matrix objects or nested arrays. Prints a verdict table,
 * writes the Taylor-remainder figures to DIR, and exits 1 if a check failed.
 * A user function that returns NaN or ±∞ (or throws) anywhere the checks
 * evaluate it is a failure (exit 1) naming the function, the point and the
 * value: the slopes of a NaN remainder mean nothing. One that returns the
 * wrong type at x itself is bad input (exit 2), found before any check runs,
 * as are `options` out of range.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BwInputError } from "../bures/errors.js";
import { readMatrix } from "../bures/validate.js";
import { checkGradient, DEFAULTS } from "../derivcheck/check-gradient.js";
import { checkHessian } from "../derivcheck/check-hessian.js";
import type { CheckOptions, CheckResult } from "../derivcheck/types.js";
import { validateOptions } from "../derivcheck/validate.js";
import { asMatrix, type Matrix, toRows } from "../linalg/matrix.js";
import { randomNormal, rng } from "../linalg/random.js";
import { taylorFigureSvg } from "../report/taylor-figure.js";
import { checkOutputDir, parseFlags, UsageError } from "./io.js";

type UserModule = {
  f?: unknown;
  grad?: unknown;
  hvp?: unknown;
  x?: unknown;
  n?: unknown;
  m?: unknown;
  options?: unknown;
};

function readCount(v: string | boolean | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (typeof v !== "string" || !Number.isInteger(x) || x < 1) throw new BwInputError(`--${flag}`, `must be a positive integer, got ${JSON.stringify(v)}`);
  return x;
}

async function loadModule(path: string): Promise<UserModule> {
  try {
    return (await import(pathToFileURL(resolve(path)).href)) as UserModule;
  } catch (err) {
    throw new BwInputError("--module", `cannot load ${path}: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** The module's `options`, range-checked as the checker does (derivcheck/validate.ts) but as bad input (exit 2), before any check runs. */
function userOptions(options: unknown): CheckOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new BwInputError("options", `must be an object of check options, got ${JSON.stringify(options) ?? String(options)}`);
  }
  try {
    // directions and seed come from the flags (--directions, --seed), which override the module's
    validateOptions("checkGradient", { ...(options as CheckOptions), directions: undefined, seed: undefined });
  } catch (err) {
    throw new BwInputError("options", (err as Error).message.replace(/^checkGradient: /, ""));
  }
  return options as CheckOptions;
}

function pointOf(mod: UserModule, seed: number): Matrix {
  if (mod.x !== undefined) return readMatrix(mod.x, "x");
  const { n, m } = mod;
  if (!Number.isInteger(n) || !Number.isInteger(m) || (n as number) < 1 || (m as number) < 1) {
    throw new BwInputError("x", "the module must export the point x, or positive integers n and m for a random n×m point");
  }
  return randomNormal(n as number, m as number, rng(seed));
}

function row(r: CheckResult, tolerance: number): string[] {
  const fmt = (x: number | null) => (x === null ? "—" : x.toExponential(1));
  return [
    r.kind,
    r.ok ? "passed" : "FAILED",
    `${r.slope === null ? "round-off" : r.slope.toFixed(2)} (≥ ${(r.expectedSlope - tolerance).toFixed(1)})`,
    fmt(r.relativeErrors.directional),
    fmt(r.relativeErrors.full),
    fmt(r.relativeErrors.symmetry),
    String(r.evaluations),
  ];
}

export function verdictTable(results: readonly CheckResult[], slopeTolerance = DEFAULTS.slopeTolerance): string {
  const head = ["check", "verdict", "slope (expected)", "FD error", "full FD", "symmetry", "f evals"];
  const body = results.map((r) => row(r, slopeTolerance));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n") + "\n";
}

/** The first non-finite value (or throw) of a user function: which function, where, what ("returned NaN", "threw …"). */
type Breakdown = { fn: string; point: number[][]; value: string };

/**
 * Wraps the user's f, grad, hvp: each call is checked for a finite result; the
 * first that is not is recorded (and a throw is recorded and re-thrown).
 */
function guarded(mod: UserModule): { f: (x: Matrix) => number; grad: (x: Matrix) => Matrix; hvp?: (x: Matrix, v: Matrix) => Matrix; first: () => Breakdown | null } {
  let first: Breakdown | null = null;
  const note = (fn: string, x: Matrix, value: string) => {
    first ??= { fn, point: toRows(x), value };
  };
  const call = <T>(fn: string, x: Matrix, run: () => T, bad: (v: T) => string | null): T => {
    let v: T;
    try {
      v = run();
    } catch (err) {
      note(fn, x, `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      throw err;
    }
    const why = bad(v);
    if (why !== null) note(fn, x, `returned ${why}`);
    return v;
  };
  const nonFinite = (m: Matrix): string | null => {
    for (let i = 0; i < m.data.length; i++) if (!Number.isFinite(m.data[i])) return `${m.data[i]} at entry ${i} (row-major)`;
    return null;
  };
  const f = mod.f as (x: Matrix) => unknown, grad = mod.grad as (x: Matrix) => unknown, hvp = mod.hvp as ((x: Matrix, v: Matrix) => unknown) | undefined;
  return {
    f: (x) => call("f", x, () => f(x) as number, (v) => (Number.isFinite(v) ? null : String(v))),
    grad: (x) => call("grad", x, () => asMatrix(grad(x) as Matrix), nonFinite),
    hvp: hvp && ((x, v) => call("hvp", x, () => asMatrix(hvp(x, v) as Matrix), nonFinite)),
    first: () => first,
  };
}

/**
 * f(x) a number, grad(x) (and hvp(x, x)) matrices of x's shape with numeric
 * entries: else bad input (exit 2), before any check runs. Non-finite values
 * are not bad input but a breakdown, reported by the guarded run (exit 1).
 */
function checkShapesAt(mod: UserModule, x: Matrix): void {
  const attempt = <T>(name: string, run: () => T): T => {
    try {
      return run();
    } catch (err) {
      throw new BwInputError(name, `threw at the point x: ${String((err as Error)?.message ?? err).split("\n")[0]}`);
    }
  };
  const fx = attempt("f", () => (mod.f as (x: Matrix) => unknown)(x));
  if (typeof fx !== "number") throw new BwInputError("f", `must return a number, returned ${fx === null ? "null" : typeof fx} at the point x`);
  const shape = (name: string, v: unknown) => {
    let m: Matrix;
    try {
      m = asMatrix(v as Matrix);
    } catch (err) {
      throw new BwInputError(name, `must return a matrix at the point x: ${(err as Error).message}`);
    }
    if (m.rows !== x.rows || m.cols !== x.cols || m.data.length !== m.rows * m.cols) throw new BwInputError(name, `returned a ${m.rows}×${m.cols} matrix at a ${x.rows}×${x.cols} point x`);
    for (let i = 0; i < m.data.length; i++) {
      if (typeof m.data[i] !== "number") throw new BwInputError(name, `entry ${i} (row-major) of its value at x is ${JSON.stringify(m.data[i]) ?? typeof m.data[i]}, not a number`);
    }
  };
  shape("grad", attempt("grad", () => (mod.grad as (x: Matrix) => unknown)(x)));
  if (typeof mod.hvp === "function") shape("hvp", attempt("hvp", () => (mod.hvp as (x: Matrix, v: Matrix) => unknown)(x, x)));
}

export async function runDerivcheck(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, { module: "string", seed: "string", directions: "string", out: "string" });
  if (typeof flags.module !== "string") throw new UsageError("derivcheck needs --module FILE (an ES module exporting f, grad, optionally hvp, and x or n, m)");
  const seed = readCount(flags.seed, "seed", 1);
  const directions = readCount(flags.directions, "directions", 3);
  const out = typeof flags.out === "string" ? flags.out : join("reports", "derivcheck");
  const mod = await loadModule(flags.module);
  for (const name of ["f", "grad"] as const) {
    if (typeof mod[name] !== "function") throw new BwInputError(name, `the module must export a function ${name}`);
  }
  if (mod.hvp !== undefined && typeof mod.hvp !== "function") throw new BwInputError("hvp", "must be a function (x, v) => matrix when exported");
  const x = pointOf(mod, seed);
  checkShapesAt(mod, x);
  checkOutputDir(out, "--out");
  const opts: CheckOptions = { ...userOptions(mod.options), seed, directions };
  const user = guarded(mod);
  const results: CheckResult[] = [];
  try {
    results.push(checkGradient(user.f, user.grad, x, opts));
    if (user.hvp) results.push(checkHessian(user.f, user.grad, user.hvp, x, opts));
  } catch (err) {
    if (!user.first()) throw err;
  }
  const broke = user.first();
  if (broke) {
    // a NaN remainder has no slope: name the function, the point and the value instead of a verdict table
    const at = JSON.stringify(broke.point);
    process.stdout.write(`point x: ${x.rows}×${x.cols}, directions seed ${seed}\n`);
    process.stdout.write(`FAILED: ${broke.fn} ${broke.value} at the point ${at.length > 400 ? `${at.slice(0, 400)}…` : at}\n`);
    process.stdout.write(`(${broke.fn} must be finite wherever the checks evaluate it: at x and at x + t·v along random directions v; choose x away from the edge of ${broke.fn === "f" ? "f" : broke.fn}'s domain)\n`);
    return 1;
  }
  process.stdout.write(`point x: ${x.rows}×${x.cols}, directions seed ${seed}\n`);
  process.stdout.write(verdictTable(results, opts.slopeTolerance ?? DEFAULTS.slopeTolerance));
  for (const r of results) for (const failure of r.failures) process.stdout.write(`${r.kind}: ${failure}\n`);
  mkdirSync(out, { recursive: true });
  for (const r of results) {
    const file = join(out, `${r.kind}.svg`);
    writeFileSync(file, await taylorFigureSvg(r));
    process.stdout.write(`figure: ${file}\n`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
