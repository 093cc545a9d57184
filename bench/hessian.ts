/**
 * The full (nm)×(nm) Hessian of L_τ at square W (target.hessian) against
 * numpy's Daleckii–Krein formula on one eigh (bench/peer_numpy.py, mode
 * "hessian"), same family and rounds as bench/loss-grad.ts.
 */
import { bwTarget } from "../src/bures/target.js";
import { fromRows, toRows } from "../src/linalg/matrix.js";
import { relativeError } from "../src/linalg/ops.js";
import { hessianError, randomCase } from "./accuracy.js";
import { benchProblem, ROUNDS, type Row } from "./loss-grad.js";
import { runPeer, timeBatches, warmUp } from "./peer.js";
import { median, sameRunRounds } from "./stats.js";

export function benchHessian(n: number, tau: number): Row {
  const { sigma0, Ws } = benchProblem(n, 4);
  const target = bwTarget(sigma0);
  const k = n <= 8 ? 20 : n <= 16 ? 3 : 1;
  const batches = n <= 16 ? 5 : 3;
  const input = { mode: "hessian", sigma0: toRows(sigma0), Ws: Ws.map(toRows), tau, batches, perBatch: k };
  warmUp((j) => target.hessian(Ws[j % Ws.length], { tau }));
  let agreement = 0;
  const times = sameRunRounds(ROUNDS, (round) => {
    const ours = median(timeBatches((j) => target.hessian(Ws[j % Ws.length], { tau }), batches, k));
    const peer = runPeer<{ times: number[]; hessian: number[][]; lastIndex: number }>("peer_numpy.py", input);
    if (round === 0) agreement = relativeError(target.hessian(Ws[peer.lastIndex], { tau }), fromRows(peer.hessian));
    return { ours, peer: median(peer.times) };
  });
  const ref = randomCase(n, tau);
  const accuracy = ref?.expect.hessian ? hessianError(ref, bwTarget(ref.sigma0).hessian(ref.W, { tau })) : null;
  return { what: `Hessian τ=${tau}`, size: `n=${n}`, path: "", ...times, target: "≤ 2", accuracy, agreement };
}
