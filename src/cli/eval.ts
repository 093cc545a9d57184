/**
 * `bwcheck eval --input FILE|-` and `bwcheck eval --jsonl [--input FILE|-]`
 * (docs/cli-reference.md):
 *   in:  {"sigma0": n×n, "W": n×m, "tau"?: 0, "hessian"?: false}
 *        or {"sigma0", "layers": [W_1, …, W_N], "tau"?, "hessian"?}
 *   out: {"loss", "grad"} or {"loss", "layerGrads"}, plus "hessian" when asked
 *        (W-space (nm)×(nm) on row-major vec(W); for layers, the parameter-space
 *        Hessian on the concatenated row-major vec(W_j)).
 * The loss is answered at every valid point. Where the derivatives do not
 * exist (PAPER.md §2: τ = 0 and rank(R0 W) < min(rank Σ0, m); for layers behind a
 * bottleneck r, rank(R0 W) < r, PAPER.md §3) "grad"/"layerGrads" and
 * "hessian" are left out and "notDifferentiable": "<reason>" is added; the
 * library itself keeps throwing NotDifferentiableError for explicit
 * derivative calls.
 *
 * JSON Lines mode (--jsonl): one request per line, one answer per line, in
 * order, each written as soon as it is computed, so a caller from another
 * language starts the process once. A request may carry "id" (any JSON
 * value), echoed back. A line that fails answers {"error", "field"?, "line",
 * "id"?} and the stream goes on; blank lines are skipped (they still count in
 * "line", 1-based). Exit 0 at the end of the input; 1 if a line hit a fault
 * of ours ("error": "internal error: …"); 2 only for usage errors of the
 * whole command (bad flags, unreadable --input), before anything is read.
 */
import { createReadStream, fstatSync, openSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { BwInputError, NotDifferentiableError } from "../bures/errors.js";
import { bwTarget, type LossOptions } from "../bures/target.js";
import { checkKeys, readTau } from "../bures/validate.js";
import { toRows } from "../linalg/matrix.js";
import { oneLine, parseFlags, parseJsonObject, readInputText, UsageError } from "./io.js";

export type EvalOutput = {
  loss: number;
  grad?: number[][];
  layerGrads?: number[][][];
  hessian?: number[][];
  /** why the derivatives are left out (τ = 0, rank-deficient R0 W) */
  notDifferentiable?: string;
};

const FIELDS = ["sigma0", "W", "layers", "tau", "hessian"] as const;

/** The derivatives at the point, or the reason they do not exist there. */
function derivatives<T>(compute: () => T): { value: T } | { reason: string } {
  try {
    return { value: compute() };
  } catch (err) {
    if (err instanceof NotDifferentiableError) return { reason: err.problem };
    throw err;
  }
}

/** Loss first (it exists at every valid point), then the derivatives that exist. */
function answer(
  loss: () => number,
  grads: () => Pick<EvalOutput, "grad" | "layerGrads">,
  hessian: (() => number[][]) | null,
): EvalOutput {
  const out: EvalOutput = { loss: loss() };
  const g = derivatives(grads);
  if ("reason" in g) return { ...out, notDifferentiable: g.reason };
  Object.assign(out, g.value);
  if (hessian) {
    const h = derivatives(hessian);
    if ("reason" in h) return { ...out, notDifferentiable: h.reason };
    out.hessian = h.value;
  }
  return out;
}

/** Evaluates one request object; throws BwInputError on bad input. */
export function evaluateRequest(req: Record<string, unknown>): EvalOutput {
  checkKeys(req, FIELDS, "the eval input");
  if (!("sigma0" in req)) throw new BwInputError("sigma0", "is missing");
  const hasW = "W" in req, hasLayers = "layers" in req;
  if (hasW === hasLayers) throw new BwInputError(hasW ? "layers" : "W", hasW ? "give either W or layers, not both" : "is missing (give W or layers)");
  const tau = readTau(req.tau);
  const wantHessian = req.hessian ?? false;
  if (typeof wantHessian !== "boolean") throw new BwInputError("hessian", `must be true or false, got ${JSON.stringify(wantHessian)}`);
  const target = bwTarget(req.sigma0 as number[][]);
  const opts: LossOptions = { tau };
  if (hasW) {
    const W = req.W as number[][];
    return answer(
      () => target.loss(W, opts),
      () => ({ grad: toRows(target.grad(W, opts)) }),
      wantHessian ? () => toRows(target.hessian(W, opts)) : null,
    );
  }
  const layers = req.layers as number[][][];
  return answer(
    () => target.layerLoss(layers, opts),
    () => ({ layerGrads: target.layerGrads(layers, opts).map(toRows) }),
    wantHessian ? () => toRows(target.layerHessian(layers, opts)) : null,
  );
}

type Answer = Record<string, unknown>;

/** One JSONL line → its answer line (without "\n"); `fault` is set when the error was ours. */
function answerLine(text: string, line: number, evaluate: (req: Record<string, unknown>) => object): { json: string; fault: boolean } {
  let id: { id?: unknown } = {};
  try {
    const req = parseJsonObject(text);
    if ("id" in req) {
      id = { id: req.id };
      delete req.id;
    }
    return { json: JSON.stringify({ ...id, ...evaluate(req) }), fault: false };
  } catch (err) {
    const input = err instanceof BwInputError;
    const error: Answer = input
      ? { error: oneLine(err), field: err.field }
      : { error: `internal error: ${err instanceof Error ? `${err.name}: ` : ""}${oneLine(err)}` };
    return { json: JSON.stringify({ ...id, ...error, line }), fault: !input };
  }
}

/**
 * The JSON Lines loop: reads `input` line by line and writes one answer line
 * per non-blank request line to `output`, each as soon as it is computed.
 * Resolves to the exit code (0, or 1 if some line hit a fault of ours).
 */
export async function runJsonl(
  input: Readable,
  output: Writable,
  evaluate: (req: Record<string, unknown>) => object = evaluateRequest,
): Promise<number> {
  let line = 0, faults = 0;
  // the reader may go away (`… | head -1`, a client that quits): stop reading then, quietly on EPIPE
  let outputError: (Error & { code?: string }) | null = null;
  output.on("error", (err: Error) => (outputError = err));
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    if (outputError) break;
    line++;
    if (text.trim() === "") continue;
    const a = answerLine(text, line, evaluate);
    if (a.fault) faults++;
    // one write per answer: a pipe on Linux is written synchronously, so the line is out before the next is read
    if (!output.write(a.json + "\n")) {
      await new Promise((resolve) => {
        output.once("drain", resolve);
        output.once("error", resolve);
      });
    }
  }
  const err = outputError as (Error & { code?: string }) | null;
  if (err && err.code !== "EPIPE") throw err;
  return faults > 0 ? 1 : 0;
}

/** Opens --input for streaming now, so an unreadable file is a usage error (exit 2) before anything runs. */
function openInput(path: string): Readable {
  if (path === "-") return process.stdin;
  try {
    const fd = openSync(path, "r");
    if (fstatSync(fd).isDirectory()) throw new Error("EISDIR: it is a directory");
    return createReadStream("", { fd });
  } catch (err) {
    throw new BwInputError("--input", `cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The `eval` command: one request from --input, or --jsonl's stream; answers on stdout. */
export async function runEval(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, { input: "string", jsonl: "boolean" });
  if (flags.jsonl === true) return runJsonl(openInput(typeof flags.input === "string" ? flags.input : "-"), process.stdout);
  if (typeof flags.input !== "string") throw new UsageError("eval needs --input FILE (or --input - for stdin), or --jsonl for JSON Lines");
  const out = evaluateRequest(parseJsonObject(readInputText(flags.input), flags.input));
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}
