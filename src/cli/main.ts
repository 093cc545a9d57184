#!/usr/bin/env node
/**
 * The `bwcheck` command: dispatches to the sub-commands. Exit codes: 0 success,
 * 1 a check failed or an internal fault, 2 bad input or usage (one line on
 * stderr, nothing on stdout). Each command's module is loaded only when it
 * runs: mathjs alone takes ~1 s to import, and `--help` should not wait for it.
 */
import { helpOrVersion } from "./help.js";
import { exitCodeOf, oneLine, UsageError } from "./io.js";


export async function main(argv: readonly string[]): Promise<number> {
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
        return await (await import("./verify.js")).runVerify(rest);
      case "merge":
        return await (await import("./verify.js")).runMerge(rest);
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
    const code = exitCodeOf(err);
    process.stderr.write(`bwcheck ${command ?? ""}: ${oneLine(err)}\n`.replace("  ", " "));
    if (code === 1 && err instanceof Error && err.stack && process.env.BWCHECK_DEBUG) process.stderr.write(err.stack + "\n");
    return code;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
