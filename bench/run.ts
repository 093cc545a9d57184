/**
 * `npm run bench`: the one table of ratios against peers measured in the same
 * run (bench/table.ts; never an absolute time alone: the machines are small
 * and noisy), then the derivative checker's cost in loss evaluations.
 * `npm run bench -- table | derivcheck` runs one part.
 */
import { benchDerivcheck, printDerivcheck } from "./derivcheck.js";
import { benchTable, formatRow, printTable } from "./table.js";

const which = process.argv[2] ?? "all";
if (which === "all" || which === "table") {
  printTable(benchTable({ progress: (r) => process.stderr.write(`${formatRow(r).join("  ")}\n`) }));
}
if (which === "all" || which === "derivcheck") printDerivcheck(benchDerivcheck());
