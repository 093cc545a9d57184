/**
 * Loss + gradient of L_τ through the public API (target.lossAndGrad), square
 * W, fixed target, against numpy/scipy doing the same work with R0
 * precomputed (bench/peer_numpy.py), at n = 4 … 256 and τ = 0.1, 0.
 *
 * The benchmark family: Σ0 with spectrum spread over [0.5, 5], W = G/√n with
 * G Gaussian, 8 distinct points cycled so that the target's one-point memo
 * never answers. A warm-up of WARM_UP_SECONDS of CPU (bench/peer.ts), then three rounds of ours-then-numpy, each side the median of 5
 * batches; the ratio is the median of the rounds' ratios.
 */
import { bwTarget } from "../src/bures/target.js";
import { fromRows, type Matrix, toRows } from "../src/linalg/matrix.js";
import { relativeError, scale } from "../src/linalg/ops.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { caseError, randomCase } from "./accuracy.js";
import { runPeer, timeBatches, warmUp } from "./peer.js";
import { median, sameRunRounds } from "./stats.js";

export type Row = {
  what: string;
  size: string;
  path: string;
  ours: number;
  numpy: number;
  ratio: number;
  target: string;
  /** worst error against the 50-digit reference of this family and size, if there is one */
  accuracy: number | null;
  /** relative difference from numpy's result in the same run */
  agreement: number;
};

export const ROUNDS = 3;
const BATCHES = 5;

function perBatch(n: number): number {
  return n <= 4 ? 400 : n <= 8 ? 200 : n <= 16 ? 60 : n <= 32 ? 20 : n <= 64 ? 5 : n <= 128 ? 2 : 1;
}

/** The benchmark family at size n (seeded by n). */
export function benchProblem(n: number, points = 8): { sigma0: Matrix; Ws: Matrix[] } {
  const r = rng(n);
  const sigma0 = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (4.5 * (i + r.next())) / n), r);
  const Ws = Array.from({ length: points }, () => scale(randomNormal(n, n, r), 1 / Math.sqrt(n)));
  return { sigma0, Ws };
}

export function lossGradTarget(n: number): string {
  return n <= 8 ? "≤ 0.5" : n <= 32 ? "≤ 1" : "≤ 2";
}

export function benchLossGrad(n: number, tau: number): Row {
  const { sigma0, Ws } = benchProblem(n);
  const target = bwTarget(sigma0);
  const k = perBatch(n);
  const input = { mode: "lossgrad", sigma0: toRows(sigma0), Ws: Ws.map(toRows), tau, batches: BATCHES, perBatch: k };
  const paths = new Set<string>();
  for (const w of Ws) paths.add(target.lossAndGrad(w, { tau }).path); // the paths taken
  warmUp((j) => target.lossAndGrad(Ws[j % Ws.length], { tau }));
  let agreement = 0;
  const times = sameRunRounds(ROUNDS, () => {
    const ours = median(timeBatches((j) => target.lossAndGrad(Ws[j % Ws.length], { tau }), BATCHES, k));
    const peer = runPeer<{ times: number[]; grad: number[][]; lastIndex: number }>("peer_numpy.py", input);
    agreement = Math.max(agreement, relativeError(target.lossAndGrad(Ws[peer.lastIndex], { tau }).grad, fromRows(peer.grad)));
    return { ours, peer: median(peer.times) };
  });
  const ref = randomCase(n, tau);
  const acc = ref ? caseError(ref, false) : null;
  return {
    what: `loss+grad τ=${tau}`,
    size: `n=${n}`,
    path: [...paths].sort().join("+"),
    ...times,
    target: lossGradTarget(n),
    accuracy: acc ? Math.max(acc.loss, acc.grad) : null,
    agreement,
  };
}
