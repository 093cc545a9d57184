/**
 * `bwcheck train --input FILE|- [--out DIR]` (network issue):
 *   in:  {"sigma0", "layers": [W_1, …, W_N] | "widths" + "init" ("balanced-close" |
 *         "balanced-random") + "seed", "tau"?: 0, "method": "gd" | "flow",
 *         "lr" + "steps" (gd) | "time" (flow), "record"?: every}
 *   out: {"trace": [{"step" | "t", "loss", "balance"}], "final": {"loss", "layers"},
 *         "minimum", "constants": {"c", "C0", "K", "rate", "eta1", "eta2", "eta3", "Delta"},
 *         "undefinedConstants": [why …]}
 * With --out, the figure loss − minimum against steps/time beside the C11 bound.
 * Exit codes (docs/cli-contract.md): 2 for bad input, including an unusable
 * --out, before training starts; 1 when training breaks down numerically — a
 * non-finite loss, or a loss beyond DIVERGED × max(L(0), tr Σ0) — with one
 * line saying at which step (or time) and what to change; nothing on stdout.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BwInputError } from "../bures/errors.js";
import { readLayers } from "../bures/layers.js";
import { bwTarget } from "../bures/target.js";
import { checkKeys, readTau } from "../bures/validate.js";
import { type Matrix, toRows } from "../linalg/matrix.js";
import { rng } from "../linalg/random.js";
import { minimumOverRank, theoryConstants } from "../network/constants.js";
import { balancedClose, balancedRandom, checkWidths } from "../network/init.js";
import { gradientDescent, gradientFlow, widthsOf } from "../network/train.js";
import { trainingFigureSvg } from "../report/training-figure.js";
import { checkOutputDir, parseFlags, parseJsonObject, readInputText, UsageError } from "./io.js";
import { progressBar } from "./progress.js";

const FIELDS = ["sigma0", "layers", "widths", "init", "seed", "tau", "method", "lr", "steps", "time", "record"] as const;

/** A loss this many times max(L(0), tr Σ0) counts as diverged. */
export const DIVERGED = 1e6;

/** Training broke down (exit 1): the message says where and what to change. */
export class TrainingBreakdown extends Error {
  override readonly name = "TrainingBreakdown";
}

function positive(v: unknown, field: string, integer = false): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new BwInputError(field, `must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * At most this many recorded points: each is an object in memory and a
 * line of the JSON output, so "record": 1 over 1e8 steps ran the process out
 * of memory after hours instead of saying so at once.
 */
export const MAX_TRACE_POINTS = 1_000_000;

function checkTraceLength(points: number, what: string): void {
  if (points > MAX_TRACE_POINTS) {
    throw new BwInputError("record", `would record ${Math.ceil(points)} points (${what}); at most ${MAX_TRACE_POINTS} are kept: raise "record"`);
  }
}

export async function runTrain(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, { input: "string", out: "string" });
  if (typeof flags.input !== "string") throw new UsageError("train needs --input FILE (or --input - for stdin)");
  const req = parseJsonObject(readInputText(flags.input), flags.input);
  checkKeys(req, FIELDS, "the train input");
  if (!("sigma0" in req)) throw new BwInputError("sigma0", "is missing");
  const target = bwTarget(req.sigma0 as number[][]);
  const tau = readTau(req.tau);
  const method = req.method;
  if (method !== "gd" && method !== "flow") throw new BwInputError("method", `must be "gd" or "flow", got ${JSON.stringify(method)}`);
  let layers;
  if ("layers" in req) {
    if ("widths" in req || "init" in req) throw new BwInputError("layers", "give either layers or widths with init, not both");
    layers = readLayers(req.layers, target.n);
  } else {
    if (!("widths" in req)) throw new BwInputError("layers", "is missing (give layers, or widths with init and seed)");
    const widths = req.widths as number[];
    checkWidths(widths, target.n);
    const seed = req.seed === undefined ? 1 : req.seed;
    if (!Number.isInteger(seed)) throw new BwInputError("seed", `must be an integer, got ${JSON.stringify(seed)}`);
    const r = rng(seed as number);
    if (req.init === "balanced-close") layers = balancedClose(target.sigma0, widths, tau, r);
    else if (req.init === "balanced-random") layers = balancedRandom(widths, r);
    else throw new BwInputError("init", `must be "balanced-close" or "balanced-random", got ${JSON.stringify(req.init)}`);
  }
  const widths = widthsOf(layers);
  const N = layers.length, r = Math.min(...widths);
  const minimum = minimumOverRank(target.eigenvalues, r, tau);
  const bar = progressBar(`train (${method})`);
  const t0 = performance.now();
  const progress = (done: number, total: number) => {
    if (performance.now() - t0 > 1000) bar.update(done, total);
  };
  const loss0 = target.layerLoss(layers, { tau });
  const limit = DIVERGED * Math.max(loss0, target.traceSigma0, 1e-300);
  const broken = (loss: number) => !Number.isFinite(loss) || loss > limit;
  const k0 = theoryConstants({ eigenvalues: target.eigenvalues, N, r, tau, loss0 });
  let result;
  if (method === "gd") {
    for (const f of ["time"]) if (f in req) throw new BwInputError(f, 'is for method "flow"');
    const lr = positive(req.lr, "lr");
    const steps = positive(req.steps, "steps", true);
    const record = req.record === undefined ? undefined : positive(req.record, "record", true);
    if (record !== undefined) checkTraceLength(steps / record, `"steps" / "record" = ${steps} / ${record}`);
    if (typeof flags.out === "string") checkOutputDir(flags.out, "--out");
    const run = (n: number) => {
      try {
        const res = gradientDescent(target, layers, { tau, lr, steps: n, record: n === steps ? record : n, progress: n === steps ? progress : undefined });
        return broken(res.loss) || res.trace.some((p) => broken(p.loss)) ? null : res;
      } catch {
        return null; // the numeric core refuses non-finite matrices: the descent has already blown up
      }
    };
    result = run(steps);
    if (result === null) {
      const step = firstBrokenStep(steps, (n) => run(n) !== null);
      const bound = k0.etaMax === null ? "" : ` (the step bound of C12 at this start is η = ${k0.etaMax.toPrecision(2)})`;
      throw new TrainingBreakdown(`gradient descent diverged at step ${step} of ${steps}: the loss ${lossAt(target, layers, tau, lr, step)} (it started at ${loss0.toPrecision(4)}); lower "lr" (now ${lr})${bound}, or use "method": "flow"`);
    }
  } else {
    for (const f of ["lr", "steps"]) if (f in req) throw new BwInputError(f, 'is for method "gd"');
    const time = positive(req.time, "time");
    const recordEvery = req.record === undefined ? undefined : positive(req.record, "record");
    if (recordEvery !== undefined) checkTraceLength(time / recordEvery, `"time" / "record" = ${time} / ${recordEvery}`);
    if (typeof flags.out === "string") checkOutputDir(flags.out, "--out");
    let why = "";
    try {
      result = gradientFlow(target, layers, { tau, time, recordEvery, progress });
    } catch (err) {
      why = (err as Error).message;
    }
    const bad = result?.trace.find((p) => broken(p.loss));
    if (!result || bad || broken(result.loss)) {
      const where = bad && "t" in bad ? `at t = ${(bad as { t: number }).t.toPrecision(3)}` : "before t = " + time;
      throw new TrainingBreakdown(`gradient flow broke down ${where}${why ? `: ${why}` : ": the loss left the finite range"}; shorten "time" (now ${time}) or start closer to the target (init "balanced-close")`);
    }
  }
  if (performance.now() - t0 > 1000) bar.done("done");
  const out = {
    trace: result.trace,
    final: { loss: result.loss, layers: result.layers.map(toRows) },
    minimum,
    constants: { c: k0.c, C0: k0.C0, K: k0.K, rate: k0.rate, eta1: k0.eta1, eta2: k0.eta2, eta3: k0.eta3, Delta: k0.Delta },
    undefinedConstants: k0.undefinedBecause,
  };
  if (typeof flags.out === "string") {
    mkdirSync(flags.out, { recursive: true });
    const file = join(flags.out, `training-${method}.svg`);
    writeFileSync(file, await trainingFigureSvg({ method, trace: result.trace, minimum, rate: k0.rate, lr: method === "gd" ? (req.lr as number) : undefined }));
    process.stderr.write(`figure: ${file}\n`);
  }
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}

/**
 * The first step count n ≤ steps at which gradient descent has broken down,
 * given ok(n) = "n steps stay finite" (monotone: once broken, always broken).
 * Doubling then bisection: about 2 log₂(n) runs of at most 2n steps.
 */
export function firstBrokenStep(steps: number, ok: (n: number) => boolean): number {
  let good = 0, bad = 1;
  while (bad < steps && ok(bad)) {
    good = bad;
    bad = Math.min(2 * bad, steps);
  }
  if (bad >= steps) bad = steps;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  return bad;
}

/** "is NaN" / "reached 3.2e+41": the loss after `step` steps, in words. */
function lossAt(target: ReturnType<typeof bwTarget>, layers: Matrix[], tau: number, lr: number, step: number): string {
  try {
    const v = gradientDescent(target, layers, { tau, lr, steps: step }).loss;
    return Number.isFinite(v) ? `reached ${v.toPrecision(3)}` : `is ${v}`;
  } catch {
    return "is not finite";
  }
}
