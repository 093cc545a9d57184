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
import { helpOrVersion } from "./help.js";
import { exitCodeOf, oneLine, UsageError } from "./io.js";

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
    const help = helpOrVersion(argv);
    if (help !== null) {
      process.stdout.write(help);
      return 0;
    }
    switch (command) {
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
    // the prefix names the command only when it is a plain word: an unknown one is quoted in the message
    const prefix = command !== undefined && /^[a-z][a-z-]*$/.test(command) ? `bwcheck ${command}` : "bwcheck";
    process.stderr.write(`${prefix}: ${oneLine(err)}\n`);
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
