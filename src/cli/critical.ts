/**
 * `bwcheck critical --input FILE|-` (DESIGN.md "CLI"):
 *   in:  {"sigma0", "rank": k, "tau"?: 0, "m"?: n}
 *   out: {"eigenvalues": [decreasing], "points": [{"support": [0-based indices into
 *         the decreasing eigenvalues], "loss", "kind": "minimum" | "saddle",
 *         "hessianMinEigenvalue"}], "minimum", "continuum": bool, "notes": [...]}
 */
import { BwInputError } from "../bures/errors.js";
import { bwTarget } from "../bures/target.js";
import { checkKeys, readTau } from "../bures/validate.js";
import { criticalPoints } from "../landscape/critical-points.js";
import { parseFlags, parseJsonObject, readInputText, UsageError } from "./io.js";

export function runCritical(argv: readonly string[]): number {
  const flags = parseFlags(argv, { input: "string" });
  if (typeof flags.input !== "string") throw new UsageError("critical needs --input FILE (or --input - for stdin)");
  const req = parseJsonObject(readInputText(flags.input), flags.input);
  checkKeys(req, ["sigma0", "rank", "tau", "m"], "the critical input");
  if (!("sigma0" in req)) throw new BwInputError("sigma0", "is missing");
  if (!("rank" in req)) throw new BwInputError("rank", "is missing");
  const target = bwTarget(req.sigma0 as number[][]);
  const tau = readTau(req.tau);
  const m = req.m === undefined ? target.n : req.m;
  if (!Number.isInteger(m) || (m as number) < 1) throw new BwInputError("m", `must be a positive integer, got ${JSON.stringify(m)}`);
  const set = criticalPoints(target, req.rank as number, { tau, m: m as number });
  const out = {
    eigenvalues: set.eigenvalues,
    points: set.points.map((p) => ({ support: p.support, loss: p.loss, kind: p.kind, hessianMinEigenvalue: p.hessianMinEigenvalue })),
    minimum: set.minimum,
    continuum: set.repeated,
    notes: set.notes,
  };
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}
