/**
 * `bwcheck eval --input FILE|-` (DESIGN.md "CLI"):
 *   in:  {"sigma0": n×n, "W": n×m, "tau"?: 0, "hessian"?: false}
 *        or {"sigma0", "layers": [W_1, …, W_N], "tau"?, "hessian"?}
 *   out: {"loss", "grad"} or {"loss", "layerGrads"}, plus "hessian" when asked
 *        (W-space (nm)×(nm) on row-major vec(W); for layers, the parameter-space
 *        Hessian on the concatenated row-major vec(W_j)).
 */
import { toRows } from "../linalg/matrix.js";
import { BwInputError } from "../bures/errors.js";
import { bwTarget } from "../bures/target.js";
import { checkKeys, readTau } from "../bures/validate.js";
import { parseFlags, parseJsonObject, readInputText, UsageError } from "./io.js";

export type EvalOutput = {
  loss: number;
  grad?: number[][];
  layerGrads?: number[][][];
  hessian?: number[][];
};

const FIELDS = ["sigma0", "W", "layers", "tau", "hessian"] as const;

/** Evaluates one request object; throws BwInputError / NotDifferentiableError on bad input. */
export function evaluateRequest(req: Record<string, unknown>): EvalOutput {
  checkKeys(req, FIELDS, "the eval input");
  if (!("sigma0" in req)) throw new BwInputError("sigma0", "is missing");
  const hasW = "W" in req, hasLayers = "layers" in req;
  if (hasW === hasLayers) throw new BwInputError(hasW ? "layers" : "W", hasW ? "give either W or layers, not both" : "is missing (give W or layers)");
  const tau = readTau(req.tau);
  const wantHessian = req.hessian ?? false;
  if (typeof wantHessian !== "boolean") throw new BwInputError("hessian", `must be true or false, got ${JSON.stringify(wantHessian)}`);
  const target = bwTarget(req.sigma0 as number[][]);
  const opts = { tau };
  if (hasW) {
    const W = req.W as number[][];
    const { loss, grad } = target.lossAndGrad(W, opts);
    const out: EvalOutput = { loss, grad: toRows(grad) };
    if (wantHessian) out.hessian = toRows(target.hessian(W, opts));
    return out;
  }
  const layers = req.layers as number[][][];
  const layerGrads = target.layerGrads(layers, opts);
  const out: EvalOutput = { loss: target.layerLoss(layers, opts), layerGrads: layerGrads.map(toRows) };
  if (wantHessian) out.hessian = toRows(target.layerHessian(layers, opts));
  return out;
}

/** The `eval` command: one request from --input, the result as one JSON line on stdout. */
export function runEval(argv: readonly string[]): number {
  const flags = parseFlags(argv, { input: "string" });
  if (typeof flags.input !== "string") throw new UsageError("eval needs --input FILE (or --input - for stdin)");
  const out = evaluateRequest(parseJsonObject(readInputText(flags.input)));
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}
