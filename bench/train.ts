/**
 * Gradient descent on the layers (network/train.ts, LayerObjective) against
 * numpy running the same loop from the same start in the same run
 * (bench/peer_numpy_gd.py, one BLAS thread). The ratio is our time per step
 * over numpy's (≤ 1: we are at least as fast), the median of three rounds.
 * Two numpy loops: the eigh formula the targets are set against, and, for
 * information, the SVD formula that keeps the loss accurate next to the
 * minimum as ours does (the eigh loop's trace-form loss cancels there).
 */
import { bwTarget } from "../src/bures/target.js";
import { toRows } from "../src/linalg/matrix.js";
import { randomWithSpectrum, rng } from "../src/linalg/random.js";
import { balancedClose } from "../src/network/init.js";
import { gradientDescent } from "../src/network/train.js";
import { ROUNDS, type Row } from "./loss-grad.js";
import { cpuSeconds, runPeer, warmUp } from "./peer.js";
import { roundMedians, type RoundTimes, sameRunRounds } from "./stats.js";

export function benchTrain(widths: number[], tau = 0.1, lr = 0.02): Row[] {
  const n = widths[widths.length - 1];
  const steps = n <= 4 ? 10000 : n <= 32 ? 400 : 100;
  const r = rng(44 + n);
  const sigma0 = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (2.5 * (i + r.next())) / n), r);
  const target = bwTarget(sigma0);
  const start = balancedClose(sigma0, widths, tau, r);
  warmUp(() => gradientDescent(target, start, { tau, lr, steps })); // the whole loop, until V8's tiers settle (bench/peer.ts)
  const input = { sigma0: toRows(sigma0), layers: start.map(toRows), tau, lr, steps };
  // numpy's loop reports the loss it computed before its last update, after steps − 1 updates: ours at the same point
  const before = gradientDescent(target, start, { tau, lr, steps: steps - 1, record: steps }).loss;
  let agreement = 0, agreementSvd = 0;
  const svdTimes: RoundTimes[] = [];
  const times = sameRunRounds(ROUNDS, () => {
    const t0 = cpuSeconds();
    gradientDescent(target, start, { tau, lr, steps, record: steps });
    const ours = (cpuSeconds() - t0) / steps;
    const p = runPeer<{ seconds: number; loss: number }>("peer_numpy_gd.py", input);
    const q = runPeer<{ seconds: number; loss: number }>("peer_numpy_gd.py", { ...input, formula: "svd" });
    // relative to tr Σ0, the scale of the terms the trace form cancels
    agreement = Math.max(agreement, Math.abs(before - p.loss) / target.traceSigma0);
    agreementSvd = Math.max(agreementSvd, Math.abs(before - q.loss) / target.traceSigma0);
    svdTimes.push({ ours, peer: q.seconds / steps });
    return { ours, peer: p.seconds / steps };
  });
  const svd = roundMedians(svdTimes);
  const size = `[${widths.join(",")}]`;
  return [
    { what: `GD τ=${tau}`, size, path: "", ...times, target: n <= 4 ? "≤ 0.2" : "≤ 1", accuracy: null, agreement },
    // for information: numpy doing the work that keeps the loss accurate near the minimum (no target)
    { what: `GD τ=${tau}, numpy SVD`, size, path: "", ...svd, target: "—", accuracy: null, agreement: agreementSvd },
  ];
}
