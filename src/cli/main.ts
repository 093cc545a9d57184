#!/usr/bin/env node
/**
 * The `bwcheck` command: dispatches to the sub-commands. Exit codes: 0 success,
 * 1 a check failed or an internal fault, 2 bad input or usage (one line on
 * stderr, nothing on stdout). Each command's module is loaded only when it
 * runs: mathjs alone takes ~1 s to import, and `--help` should not wait for it.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Claim } from "../../proofs-check/claim.js";
import { exitCodeOf, oneLine, UsageError } from "./io.js";

const HELP = `bwcheck: checks the mathematics of deep linear networks trained with the Bures-Wasserstein loss

Usage: bwcheck <command> [options]

Commands:
  eval --input FILE|-      loss, gradient (and Hessian) of L / L_tau at a point, JSON in and out
                           in:  {"sigma0": n×n, "W": n×m, "tau"?: 0, "hessian"?: false}
                             or {"sigma0", "layers": [W_1, ..., W_N], "tau"?, "hessian"?}
                           out: {"loss", "grad"} or {"loss", "layerGrads"}, plus "hessian" when asked
  critical --input FILE|-  the critical classes of L (or L_tau) on rank-k matrices, classified by the
                           Riemannian Hessian; in {"sigma0", "rank": k, "tau"?, "m"?}
                           out {"eigenvalues", "points": [{"support", "loss", "kind"}], "minimum", "continuum"}
  train --input FILE|- [--out DIR]
                           trains a deep linear network by gradient descent or gradient flow, JSON in and out
                           in:  {"sigma0", "layers" | "widths" + "init" + "seed", "tau"?, "method": "gd" | "flow",
                                 "lr" + "steps" | "time", "record"?}
                           out: {"trace", "final", "minimum", "constants"}; --out writes the loss figure
  derivcheck --module FILE [--seed N] [--directions K] [--out DIR]
                           checks your own f, grad (and hvp) exported by an ES module: Taylor-remainder
                           slopes, finite differences, Hessian symmetry; writes SVG figures to DIR
  derive --space sigma|W|scalar [--n 2] [--m 1|2|3] [--depth N] [--tau] [--diagonal]
         [--format text|latex|json|ts] [--points N] [--seed N]
                           gradient and Hessian of the n = 2 closed forms (PAPER.md §5), derived with mathjs and
                           printed only after a cross-check against the numeric core, finite differences and nerdamer
  derive --critical [--tau] [--format text|json]
                           the exact critical points of L (L_tau) for n = 2, m = 1, Sigma0 = diag(a11, a22) (C5)
  derive --blow-up [--format text|json]
                           the exact Hessian blow-up exponents along Sigma_eps and W_eps (C7)
  verify [--claim ID] [--seed N] [--runs N] [--out DIR] [--json] [--junit FILE] [--shard i/n]
                           re-validates the claims C1–C12 of PAPER.md: summary table on stdout, reports
                           (summary.md, results.json, junit.xml, figures/) in DIR (default reports/)
  merge DIR… [--out DIR] [--json]
                           combines the reports of verify --shard runs into one
  help, --help             this text

Exit codes: 0 ok, 1 a claim or check failed, 2 bad input (one line on stderr naming the field).
`;

/** What a test may substitute: the claims registry used by verify and merge. */
export type MainOptions = { claims?: readonly Claim[] };

/**
 * Runs one command and returns its exit code (it never calls process.exit):
 * 0 success; 1 a verdict (a claim refuted, errored or timed out; a failed
 * derivcheck; diverging training) or an internal fault; 2 bad usage or input,
 * as one line on stderr and nothing on stdout (docs/cli-contract.md).
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        throw new UsageError("no command given; run bwcheck --help for the list");
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(HELP);
        return 0;
      case "eval":
        return await (await import("./eval.js")).runEval(rest);
      case "verify":
        return await (await import("./verify.js")).runVerify(rest, options.claims);
      case "merge":
        return await (await import("./verify.js")).runMerge(rest, options.claims);
      case "derive":
        return await (await import("./derive.js")).runDerive(rest);
      case "derivcheck":
        return await (await import("./derivcheck.js")).runDerivcheck(rest);
      case "train":
        return await (await import("./train.js")).runTrain(rest);
      case "critical":
        return await (await import("./critical.js")).runCritical(rest);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; run bwcheck --help for the list`);
    }
  } catch (err) {
    // one line, never a stack trace (BWCHECK_DEBUG=1 adds it for an internal fault)
    const code = exitCodeOf(err);
    process.stderr.write(`${command ? `bwcheck ${command}` : "bwcheck"}: ${oneLine(err)}\n`);
    if (code === 1 && err instanceof Error && err.stack && process.env.BWCHECK_DEBUG) process.stderr.write(err.stack + "\n");
    return code;
  }
}

/** True when this file is the program node was started with (not imported by a test). */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
