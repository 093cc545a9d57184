/**
 * The help texts of `bwcheck` and of each command (`bwcheck <command> --help`
 * or `-h`), and the package version (`bwcheck --version` or `-V`).
 * docs/cli-reference.md is generated from these texts (scripts/cli-reference.ts)
 * and a test checks that every flag a command accepts is listed here.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./io.js";

export type CommandHelp = {
  /** one line for the general help */
  summary: string;
  /** synopsis lines, without the leading "bwcheck " */
  usage: string[];
  /** what the command does, its input and output */
  description: string;
  /** [flag(s), meaning]; the meaning may span lines */
  options: [string, string][];
  /** exit codes [code, meaning], when the command refines the common rule */
  exit?: [string, string][];
};

const HELP_OPTION: [string, string] = ["-h, --help", "print this help and exit 0"];

/** The contract of every command (docs/cli-reference.md "Exit codes"). */
const EXIT_CODES: [string, string][] = [
  ["0", "ok"],
  ["1", "a claim or check failed, or a fault of ours"],
  ["2", "bad usage or input: one line on stderr naming the field or file, nothing on stdout"],
];

export const COMMANDS: Record<string, CommandHelp> = {
  eval: {
    summary: "loss, gradient (and Hessian) of L / L_tau at a point, JSON in and out",
    usage: ["eval --input FILE|-", "eval --jsonl [--input FILE|-]"],
    description: `Loss, gradient and (when asked) Hessian of L or L_tau (docs/PAPER.md §2, §3) at a point.

Request (one JSON object):
  {"sigma0": n×n, "W": n×m, "tau"?: 0, "hessian"?: false}
  {"sigma0": n×n, "layers": [W_1, ..., W_N], "tau"?: 0, "hessian"?: false}
Answer (one line of JSON):
  {"loss", "grad"} for W, {"loss", "layerGrads"} for layers, plus "hessian" when asked:
  (nm)×(nm) on row-major vec(W); for layers, on the concatenated row-major vec(W_j).
  The loss is answered at every valid point. Where the derivatives do not exist
  (tau = 0 and rank(R0 W) < min(rank sigma0, m); for layers behind a bottleneck of width r,
  rank(R0 W) < r), "grad" or "layerGrads" and "hessian" are left out and
  "notDifferentiable": "<reason>" is added, with exit 0.

JSON Lines (--jsonl): one request per line in, one answer per line out, in order,
each written as soon as it is computed, so a caller pays the process start once.
A request may carry "id" (any JSON value), which its answer echoes. A line that
fails answers {"error", "field"?, "line", "id"?} ("line" counts from 1) and the
stream goes on; blank lines are skipped.`,
    options: [
      ["--input FILE|-", "read the request from FILE, or from stdin with -"],
      ["--jsonl", "JSON Lines mode: requests from --input, or from stdin when --input is not given"],
      HELP_OPTION,
    ],
    exit: [
      ["0", "answered, with the loss (--jsonl: the whole input was read; bad lines answered with errors)"],
      ["1", "a fault of ours (--jsonl: on some line, which is answered too)"],
      ["2", "bad usage or input: one line on stderr naming the field, nothing on stdout\n(--jsonl: bad flags or an unreadable --input, before anything is read)"],
    ],
  },
  critical: {
    summary: "the critical points of L (or L_tau) on rank-k matrices, classified by the Hessian",
    usage: ["critical --input FILE|-"],
    description: `The critical points of L or L_tau restricted to the matrices of rank k (docs/PAPER.md §3,
claim C5), one per support, each classified by the Riemannian Hessian.

Request:  {"sigma0": n×n, "rank": k, "tau"?: 0, "m"?: n}
Answer:   {"eigenvalues": [decreasing], "points": [{"support": [0-based indices into the
          decreasing eigenvalues], "loss", "kind": "minimum" | "saddle", "hessianMinEigenvalue"}],
          "minimum", "continuum": true | false, "notes": [...]}`,
    options: [["--input FILE|-", "read the request from FILE, or from stdin with -"], HELP_OPTION],
  },
  train: {
    summary: "trains a deep linear network by gradient descent or gradient flow, JSON in and out",
    usage: ["train --input FILE|- [--out DIR]"],
    description: `Trains W_N ⋯ W_1 on L_tau by gradient descent or gradient flow (docs/PAPER.md claims C8–C12)
and reports the trace beside the theory's constants.

Request:  {"sigma0": n×n, "layers": [W_1, ..., W_N] | "widths": [d_0, ..., d_N] + "init":
           "balanced-close" | "balanced-random" + "seed", "tau"?: 0, "method": "gd" | "flow",
           "lr" + "steps" (gd) | "time" (flow), "record"?: every (about 200 points by
           default; at most 1e6 points in all)}
Answer:   {"trace": [{"step" | "t", "loss", "balance"}], "final": {"loss", "layers"}, "minimum",
           "constants": {"c", "C0", "K", "rate", "eta1", "eta2", "eta3", "Delta"},
           "undefinedConstants": [...]}
A progress bar shows on stderr when stderr is a terminal and the run takes over a second.`,
    options: [
      ["--input FILE|-", "read the request from FILE, or from stdin with -"],
      ["--out DIR", "also write the figure of loss − minimum against steps or time, beside the\nC11 bound, to DIR/training-<method>.svg"],
      HELP_OPTION,
    ],
  },
  derivcheck: {
    summary: "checks your own f, grad (and hvp) exported by an ES module",
    usage: ["derivcheck --module FILE [--seed N] [--directions K] [--out DIR]"],
    description: `Checks a gradient (and a Hessian-vector product) you wrote: Taylor-remainder slopes,
finite differences, Hessian symmetry. The module exports f(x) → number, grad(x) → matrix,
optionally hvp(x, v) → matrix, and either x (the point) or n and m (a random n×m point),
optionally options (the CheckOptions of checkGradient). Matrices are bwcheck Matrix objects or
nested arrays. Prints a verdict table and writes the Taylor-remainder figures as SVG.`,
    options: [
      ["--module FILE", "the ES module to check"],
      ["--seed N", "seed of the random point and directions (default 1)"],
      ["--directions K", "number of random directions (default 3)"],
      ["--out DIR", "where the figures go (default reports/derivcheck)"],
      HELP_OPTION,
    ],
    exit: [
      ["0", "every check passed"],
      ["1", "a check failed"],
      ["2", "bad usage, a module that does not export what is needed, or options out of range"],
    ],
  },
  derive: {
    summary: "symbolic gradient and Hessian of the n = 2 closed forms, cross-checked, printed",
    usage: [
      "derive [--space sigma|W|scalar] [--n 2] [--m 1|2|3] [--depth N] [--tau] [--diagonal]\n[--format text|latex|json|ts] [--points N] [--seed N]",
      "derive --critical [--tau] [--format text|json]",
      "derive --blow-up [--format text|json]",
    ],
    description: `Derives the gradient and Hessian of the closed forms for n = 2 (docs/PAPER.md §5) with mathjs
and prints them only after a cross-check against the numeric core, finite differences and
nerdamer at random points. --critical prints the exact critical points of L (L_tau) for
n = 2, m = 1, Sigma0 = diag(a11, a22) (claim C5); --blow-up the exact Hessian blow-up
exponents along Sigma_eps and W_eps (claim C7).`,
    options: [
      ["--space sigma|W|scalar", "the closed form: B² in Sigma, L in W, or the scalar deep network\n(default W)"],
      ["--n 2", "the size n (2; 1 for --space scalar)"],
      ["--m 1|2|3", "columns of W, --space W only (default 2)"],
      ["--depth N", "depth of the scalar network, --space scalar only (1…8, default 2)"],
      ["--tau", "the smooth loss L_tau (tau a symbol)"],
      ["--diagonal", "Sigma0 diagonal (fewer symbols, shorter formulas)"],
      ["--format text|latex|json|ts", "output format (default text; --critical, --blow-up: text or json)"],
      ["--points N", "random points of the cross-check (1…100000, default 100)"],
      ["--seed N", "seed of the cross-check's points (default 20230303)"],
      ["--critical", "the exact critical points (claim C5)"],
      ["--blow-up", "the exact Hessian blow-up exponents (claim C7)"],
      HELP_OPTION,
    ],
    exit: [
      ["0", "printed"],
      ["1", "the derivation disagreed with its cross-check: not printed, the error table on stderr"],
      ["2", "bad usage"],
    ],
  },
  verify: {
    summary: "re-validates the claims C1–C12 of docs/PAPER.md and writes the reports",
    usage: ["verify [--claim ID] [--seed N] [--runs N] [--out DIR] [--json]\n[--junit FILE] [--shard i/n] [--claim-timeout SECONDS]"],
    description: `Runs the registered claims (docs/PAPER.md §4), one progress line per claim on stderr,
prints the summary table on stdout and writes summary.md, results.json, junit.xml and
figures/*.svg to the output directory.`,
    options: [
      ["--claim ID", "run only this claim (C1 … C12)"],
      ["--seed N", "seed of the random instances (default 20230303)"],
      ["--runs N", "random instances per claim (default 40; at least 10)"],
      ["--out DIR", "where the reports go (default reports)"],
      ["--json", "print results.json on stdout instead of the table"],
      ["--junit FILE", "also write the JUnit XML to FILE"],
      ["--shard i/n", "run every n-th claim starting at the i-th\n(for CI jobs; combine with merge)"],
      ["--claim-timeout SECONDS", "each claim's time budget, instead of the one it declares;\npast it the claim is \"timed out\""],
      HELP_OPTION,
    ],
    exit: [
      ["0", "every claim's status is the expected one"],
      ["1", "some claim's status is not the expected one (refuted, errored, timed out, ...)"],
      ["2", "bad usage or input (checked before any claim runs)"],
    ],
  },
  merge: {
    summary: "combines the reports of verify --shard runs into one",
    usage: ["merge DIR... [--out DIR] [--json] [--allow-partial]"],
    description: `Combines the results.json (and figures) of verify --shard runs, one directory per shard,
into one report: the summary table on stdout, the reports in the output directory.`,
    options: [
      ["DIR...", "the shards' output directories (each with a results.json)"],
      ["--out DIR", "where the merged reports go (default reports)"],
      ["--json", "print the merged results.json on stdout instead of the table"],
      ["--allow-partial", "merge even when shards are missing: the report says partial,\nJUnit marks the missing claims skipped"],
      HELP_OPTION,
    ],
    exit: [
      ["0", "every claim present (or --allow-partial) and as expected"],
      ["1", "a claim not as expected"],
      ["2", "bad usage; a directory without a valid results.json; shards missing\n(without --allow-partial), repeated, or of different seeds, runs or splits"],
    ],
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS);

function optionTable(options: readonly [string, string][]): string {
  const width = Math.max(...options.map(([flag]) => flag.length)) + 3;
  return options.map(([flag, meaning]) => `  ${flag.padEnd(width)}${meaning.replace(/\n/g, "\n" + " ".repeat(width + 2))}`).join("\n");
}

/** `bwcheck <command> --help`. */
export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  // a "\n" in a synopsis continues it, aligned after "bwcheck <command> "
  const indent = "\n" + " ".repeat("Usage: bwcheck ".length + name.length + 1);
  const usage = c.usage.map((u, i) => `${i === 0 ? "Usage: " : "       "}bwcheck ${u.replace(/\n/g, indent)}`);
  return [
    ...usage,
    "",
    c.description,
    "",
    "Options:",
    optionTable(c.options),
    "",
    "Exit codes:",
    optionTable(c.exit ?? EXIT_CODES),
    "",
  ].join("\n");
}

/** `bwcheck`, `bwcheck --help`. */
export function generalHelp(): string {
  return [
    "bwcheck: checks the mathematics of deep linear networks trained with the Bures-Wasserstein loss",
    "",
    "Usage: bwcheck <command> [options]",
    "       bwcheck <command> --help     that command's options",
    "       bwcheck --version",
    "",
    "Commands:",
    optionTable(COMMAND_NAMES.map((name) => [name, COMMANDS[name].summary])),
    "",
    "Options:",
    optionTable([HELP_OPTION, ["-V, --version", "print the version of bwcheck and exit 0"]]),
    "",
    "Exit codes:",
    optionTable(EXIT_CODES),
    "",
  ].join("\n");
}

/** The "version" of the package.json this module ships in (found by walking up from this file: works from an installed copy). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "bwcheck" && typeof pkg.version === "string") return pkg.version;
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of bwcheck above ${fileURLToPath(import.meta.url)}`);
    dir = dirname(dir);
  }
}

/**
 * Help and version, answered before any command module loads: plain `bwcheck`,
 * `bwcheck help|--help|-h` → the general help; `bwcheck help <command>` or
 * `bwcheck <command> … --help|-h …` → that command's help; `bwcheck
 * --version|-V` → the version. Each prints on stdout and exits 0 (asking for
 * help is not an error); null when argv asks for none of these.
 */
export function helpOrVersion(argv: readonly string[]): string | null {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    const topic = command === "help" ? rest[0] : undefined;
    if (topic === undefined) return generalHelp();
    if (!COMMAND_NAMES.includes(topic)) throw new UsageError(`no help on ${JSON.stringify(topic)}: the commands are ${COMMAND_NAMES.join(", ")}`);
    return commandHelp(topic);
  }
  if (command === "--version" || command === "-V" || command === "version") return `${packageVersion()}\n`;
  if (COMMAND_NAMES.includes(command) && rest.some((a) => a === "--help" || a === "-h")) return commandHelp(command);
  return null;
}

