/**
 * `bwcheck derivcheck --module FILE [--seed N] [--directions K] [--out DIR]`:
 * checks a user's own formulas. The module (ESM) exports
 *   f(x) → number, grad(x) → matrix, optionally hvp(x, v) → matrix,
 *   and either x (the point, a matrix) or n and m (a random n×m point),
 *   optionally options (CheckOptions, e.g. { project } or { magnitude }).
 * Matrices are bwcheck Matrix objects or nested arrays. Prints a verdict table,
 * writes the Taylor-remainder figures to DIR, and exits 1 if a check failed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BwInputError } from "../bures/errors.js";
import { readMatrix } from "../bures/validate.js";
import { checkGradient, DEFAULTS } from "../derivcheck/check-gradient.js";
import { checkHessian } from "../derivcheck/check-hessian.js";
import type { CheckOptions, CheckResult } from "../derivcheck/types.js";
import { type Matrix } from "../linalg/matrix.js";
import { randomNormal, rng } from "../linalg/random.js";
import { taylorFigureSvg } from "../report/taylor-figure.js";
import { parseFlags, UsageError } from "./io.js";

type UserModule = {
  f?: unknown;
  grad?: unknown;
  hvp?: unknown;
  x?: unknown;
  n?: unknown;
  m?: unknown;
  options?: CheckOptions;
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
  const opts: CheckOptions = { ...(mod.options ?? {}), seed, directions };
  const f = mod.f as (x: Matrix) => number;
  const grad = mod.grad as (x: Matrix) => Matrix;
  const results = [checkGradient(f, grad, x, opts)];
  if (typeof mod.hvp === "function") results.push(checkHessian(f, grad, mod.hvp as (x: Matrix, v: Matrix) => Matrix, x, opts));
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
