/**
 * `bwcheck derive --space sigma|W|scalar --n 2 [--m 1|2|3] [--depth N] [--tau] [--diagonal]
 *                 [--format text|latex|json|ts] [--points N] [--seed N]`
 * derives the closed form's gradient and Hessian with mathjs, names common
 * subexpressions once (d, q, …; docs/symbolic-output.md), cross-checks the
 * printed text (numeric core, finite differences, nerdamer) and prints it. A
 * derivation that fails its check is not printed (exit 1, the error table on
 * stderr). On a terminal the check's progress is drawn on stderr.
 * `--critical` prints the exact C5 solution set for n = 2, m = 1,
 * Σ0 = diag(a11, a22); `--blow-up` the exact C7 exponents.
 */
import { scalarDeepForm, sigmaForm, wForm, type ClosedForm } from "../symbolic/closed-forms.js";
import type { CrossCheck, ErrorStat } from "../symbolic/cross-check.js";
import type { Derivation } from "../symbolic/derivation.js";
import { parseFlags, UsageError } from "./io.js";
import { progressBar } from "./progress.js";
import { count } from "../report/wording.js";

// The engines (mathjs, nerdamer) load only after the flags are validated.
const engines = async () => ({
  ...(await import("../symbolic/blow-up.js")),
  ...(await import("../symbolic/codegen.js")),
  ...(await import("../symbolic/critical-solve.js")),
  ...(await import("../symbolic/derivation.js")),
  ...(await import("../symbolic/nerdamer-engine.js")),
});

const FORMATS = ["text", "latex", "json", "ts"] as const;
type Format = (typeof FORMATS)[number];

function integerFlag(value: string | boolean | undefined, name: string, fallback: number, lo: number, hi: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`--${name} must be an integer in ${lo}…${hi}, got ${JSON.stringify(value)}`);
  return n;
}

function formOf(flags: Record<string, string | boolean>): ClosedForm {
  const space = flags.space ?? "W";
  const tau = flags.tau === true;
  const diagonal = flags.diagonal === true;
  if (space === "scalar") {
    if (flags.n !== undefined && flags.n !== "1") throw new UsageError("--space scalar is the scalar deep network: n = 1");
    if (diagonal) throw new UsageError("--diagonal does not apply to --space scalar");
    return scalarDeepForm(integerFlag(flags.depth, "depth", 2, 1, 8), { tau });
  }
  if (flags.depth !== undefined) throw new UsageError("--depth applies to --space scalar only");
  if (flags.n !== undefined && flags.n !== "2") throw new UsageError(`closed forms without matrix square roots exist for n = 2 only (PAPER.md §5), got --n ${String(flags.n)}`);
  if (space === "sigma") {
    if (flags.m !== undefined) throw new UsageError("--m applies to --space W only");
    return sigmaForm({ tau, diagonal });
  }
  if (space === "W") return wForm(integerFlag(flags.m, "m", 2, 1, 3), { tau, diagonal });
  throw new UsageError(`--space must be sigma, W or scalar, got ${JSON.stringify(space)}`);
}

// NaN: an expression that is not real at a point (nerdamer's gradient of the scalar network holds √(−√λ))
const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? "—" : Number.isNaN(x) ? "not real" : x.toExponential(1));

/** The cross-check as a table (text format and failures). */
export function checkTable(c: CrossCheck, nerdamerVersion: string): string {
  const rows: [string, ErrorStat | null, number, string][] = [
    ["loss vs numeric core", c.loss, c.tolerance.numeric, "mathjs"],
    ["gradient vs numeric core", c.gradient, c.tolerance.numeric, "mathjs"],
    ["Hessian vs numeric core", c.hessian, c.tolerance.numeric, "mathjs"],
    ["gradient vs finite differences", c.fdGradient, c.tolerance.fd, "mathjs"],
    ["Hessian vs finite differences", c.fdHessian, c.tolerance.fd, "mathjs"],
    ["gradient vs numeric core", c.nerdamerGradient, c.tolerance.numeric, `nerdamer ${nerdamerVersion}`],
    ["gradient vs mathjs's", c.enginesAgainstEachOther, c.tolerance.numeric, `nerdamer ${nerdamerVersion}`],
  ];
  const lines = [
    `Cross-check at ${count(c.points, "random point")} (finite differences at ${c.fdPoints}), seed ${c.seed}; errors are relative (‖a − b‖ / ‖b‖):`,
    `  ${"engine".padEnd(16)}${"check".padEnd(32)}${"max".padStart(9)}${"median".padStart(9)}${"tolerance".padStart(11)}  verdict`,
  ];
  for (const [name, stat, tol, engine] of rows) {
    if (!stat) continue;
    const ok = stat.max <= tol;
    lines.push(`  ${engine.padEnd(16)}${name.padEnd(32)}${fmt(stat.max).padStart(9)}${fmt(stat.median).padStart(9)}${fmt(tol).padStart(11)}  ${ok ? "agrees" : "DISAGREES"}`);
  }
  if (c.nerdamerAgrees === false && c.agrees)
    lines.push("  nerdamer's derivative is wrong here (docs/PAPER.md §5); mathjs's is reported.");
  return lines.join("\n");
}

function toText(d: Derivation, nerdamerVersion: string): string {
  const f = d.form;
  const t = d.namedText;
  const out = [`${f.name}`, `variables: ${f.variables.join(", ")}    parameters: ${f.parameters.join(", ")}`, ""];
  if (t.definitions.length) out.push("where", ...t.definitions.map((x) => `  ${x.name} = ${x.expr}`), "");
  out.push(`L = ${t.loss}`, "");
  f.variables.forEach((x, i) => out.push(`dL/d${x} = ${t.gradient[i]}`));
  out.push("");
  f.variables.forEach((x, i) => f.variables.forEach((y, j) => j >= i && out.push(`d2L/d${x}d${y} = ${t.hessian[i][j]}`)));
  out.push("", checkTable(d.check, nerdamerVersion));
  return out.join("\n") + "\n";
}

/** What `bwcheck derive` prints, and its exit code; usage errors are thrown (UsageError). */
export type DeriveOutput = { code: number; stdout: string; stderr: string };

export async function runDerive(argv: readonly string[]): Promise<number> {
  const r = await deriveOutput(argv);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.code;
}

export async function deriveOutput(argv: readonly string[]): Promise<DeriveOutput> {
  const flags = parseFlags(argv, {
    space: "string",
    n: "string",
    m: "string",
    depth: "string",
    tau: "boolean",
    diagonal: "boolean",
    format: "string",
    points: "string",
    seed: "string",
    critical: "boolean",
    "blow-up": "boolean",
  });
  const format = (flags.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(flags.format)}`);
  if (flags.critical) {
    if (format !== "text" && format !== "json") throw new UsageError("--critical prints text or json");
    return { code: 0, stdout: printCritical(await engines(), flags.tau === true, format), stderr: "" };
  }
  if (flags["blow-up"]) {
    if (format !== "text" && format !== "json") throw new UsageError("--blow-up prints text or json");
    return { code: 0, stdout: printBlowUp(await engines(), format), stderr: "" };
  }
  const form = formOf(flags);
  const points = integerFlag(flags.points, "points", 100, 1, 100_000);
  const seed = integerFlag(flags.seed, "seed", 20230303, 0, 2 ** 31 - 1);
  const e = await engines();
  const version = e.nerdamerVersion();
  // the cross-check is the long part (~8 ms a point for W-space m = 3)
  const bar = process.stderr.isTTY ? progressBar(`derive: checking ${form.name}`) : null;
  const d = e.derive(form, { points, seed, fdPoints: Math.min(points, 20), onProgress: bar ? (done, total) => bar.update(done, total) : undefined });
  const agrees = e.derivationAgrees(d);
  // the time goes to the terminal only: stdout stays the same from run to run (docs/symbolic-output.md shows it verbatim)
  bar?.done(agrees ? "derived and checked" : "DISAGREES");
  if (!agrees) {
    const expanded = d.expandedCheck.agrees ? "" : `\nthe expanded form:\n${checkTable(d.expandedCheck, version)}`;
    return { code: 1, stdout: "", stderr: `bwcheck derive: ${form.name}: the derivation disagrees with the numeric core or finite differences; not printed\n${checkTable(d.check, version)}${expanded}\n` };
  }
  const command = `bwcheck derive ${argv.join(" ")}`.trim();
  const text =
    format === "json"
      ? JSON.stringify(e.derivationJson(d), null, 2) + "\n"
      : format === "latex"
        ? e.toLatex(d, command)
        : format === "ts"
          ? e.toTypeScript(d, command)
          : toText(d, version);
  return { code: 0, stdout: text, stderr: "" };
}

type Engines = Awaited<ReturnType<typeof engines>>;

function printCritical(e: Engines, tau: boolean, format: Format): string {
  const r = e.solveCriticalPoints({ tau });
  if (format === "json") return JSON.stringify(r, null, 2) + "\n";
  const lines = [
    `Critical points of ${r.form} (Σ0 = diag(a11, a22)), solved exactly; assuming ${r.assumptions.join(", ")}:`,
    `  ${r.summary}`,
    "Critical values:",
    ...r.solutions.map((x) => `  L(${x.values.w11}, ${x.values.w21}) = ${x.value}`),
    "Cases by support (nonzero entries of W):",
  ];
  for (const c of r.cases) {
    lines.push(`  {${c.support.join(", ")}}: ${c.outcome}${c.reason ? ` — ${c.reason}` : ""}`);
    for (const rej of c.rejected) lines.push(`      rejected ${JSON.stringify(rej.values)}: ${rej.why}`);
  }
  lines.push(`Each solution and value checked with the numeric core at 20 random targets: max ‖∇L‖/(1+‖W‖), |value − L|/(1+|L|) = ${fmt(Math.max(0, ...r.solutions.map((s) => s.residual)))}`);
  return lines.join("\n") + "\n";
}

function printBlowUp(e: Engines, format: Format): string {
  const results = e.c7Curves().map((c) => e.hessianBlowUp(c));
  if (format === "json") return JSON.stringify(results, null, 2) + "\n";
  const lines = ["Leading exponent p of ‖Hessian(ε)‖₂ ≍ ‖C‖₂ ε^p, from exact series of the symbolic Hessian (C7):"];
  for (const r of results)
    lines.push(`  ${r.description}: p = ${r.exponent} (paper: ${r.expected}), ‖C‖₂ = ${r.leadingNorm}; leading entries ${r.leadingEntries.map((e) => `H[${e.i}][${e.j}] ~ ${e.coefficient}·ε^${e.exponent}`).join(", ")}`);
  return lines.join("\n") + "\n";
}
