/**
 * Gradient descent on the layers (network/train.ts, LayerObjective) against
 * numpy running the same loop from the same start in the same run
 * (bench/peer_numpy_gd.py, one BLAS thread). The ratio is our time per step
 * over numpy's (≤ 1: we are at least as fast), the median of three rounds.
 */
import { bwTarget } from "../src/bures/target.js";
import { toRows } from "../src/linalg/matrix.js";
import { randomWithSpectrum, rng } from "../src/linalg/random.js";
import { balancedClose } from "../src/network/init.js";
import { gradientDescent } from "../src/network/train.js";
import { ROUNDS, type Row } from "./loss-grad.js";
import { cpuSeconds, runPeer, warmUp } from "./peer.js";
import { sameRunRounds } from "./stats.js";

export function benchTrain(widths: number[], tau = 0.1, lr = 0.02): Row {
  const n = widths[widths.length - 1];
  const steps = n <= 4 ? 10000 : n <= 32 ? 400 : 100;
  const r = rng(44 + n);
  const sigma0 = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (2.5 * (i + r.next())) / n), r);
  const target = bwTarget(sigma0);
  const start = balancedClose(sigma0, widths, tau, r);
  warmUp(() => gradientDescent(target, start, { tau, lr, steps })); // the whole loop, until V8's tiers settle (bench/peer.ts)
  let agreement = 0;
  const times = sameRunRounds(ROUNDS, () => {
    const t0 = cpuSeconds();
    const res = gradientDescent(target, start, { tau, lr, steps, record: steps });
    const ours = (cpuSeconds() - t0) / steps;
    const p = runPeer<{ seconds: number; loss: number }>("peer_numpy_gd.py", { sigma0: toRows(sigma0), layers: start.map(toRows), tau, lr, steps });
    // numpy's last loss is the one before its final update, ours the one after: compare at the minimum's scale
    agreement = Math.max(agreement, Math.abs(res.trace[res.trace.length - 1].loss - p.loss) / target.traceSigma0);
    return { ours, peer: p.seconds / steps };
  });
  return {
    what: `GD τ=${tau}`,
    size: `[${widths.join(",")}]`,
    path: "",
    ...times,
    target: n <= 4 ? "≤ 0.2" : "≤ 1",
    accuracy: null,
    agreement,
  };
}
