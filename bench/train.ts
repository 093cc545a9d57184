/**
 * Benchmark of gradient descent at widths [4, 4, 4, 4] (the network issue's
 * target: at least 50,000 steps per second on one core), against numpy
 * running the same loop from the same start in the same run (one BLAS thread).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bwTarget } from "../src/bures/target.js";
import { toRows } from "../src/linalg/matrix.js";
import { randomWithSpectrum, rng } from "../src/linalg/random.js";
import { balancedClose } from "../src/network/init.js";
import { gradientDescent } from "../src/network/train.js";
import { median } from "./stats.js";

export type TrainRow = { ours: number; numpy: number; lossAgreement: number };

export function benchTrain(steps = 20000, rounds = 3): TrainRow {
  const r = rng(44);
  const sigma0 = randomWithSpectrum([3, 2, 1.2, 0.5], r);
  const target = bwTarget(sigma0);
  const tau = 0.1, lr = 0.02;
  const start = balancedClose(sigma0, [4, 4, 4, 4], tau, r);
  gradientDescent(target, start, { tau, lr, steps: 2000 }); // warm-up
  const ours: number[] = [], numpy: number[] = [];
  let agreement = 0;
  for (let k = 0; k < rounds; k++) {
    const t0 = performance.now();
    const res = gradientDescent(target, start, { tau, lr, steps, record: steps });
    ours.push(steps / ((performance.now() - t0) / 1000));
    const peer = spawnSync("python3", [fileURLToPath(new URL("./peer_numpy_gd.py", import.meta.url))], {
      input: JSON.stringify({ sigma0: toRows(sigma0), layers: start.map(toRows), tau, lr, steps }),
      env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
      encoding: "utf8",
    });
    if (peer.status !== 0) throw new Error(`numpy peer failed: ${peer.stderr}`);
    const p = JSON.parse(peer.stdout);
    numpy.push(steps / p.seconds);
    // numpy's last loss is the one before its final update, ours the one after: compare at the minimum's scale
    agreement = Math.max(agreement, Math.abs(res.trace[res.trace.length - 1].loss - p.loss));
  }
  return { ours: median(ours), numpy: median(numpy), lossAgreement: agreement };
}

export function printTrain(row: TrainRow): void {
  console.log("\ngradient descent, widths [4, 4, 4, 4], τ = 0.1, median steps per second");
  console.log(`  ours ${row.ours.toFixed(0)}   numpy ${row.numpy.toFixed(0)}   ours/numpy ${(row.ours / row.numpy).toFixed(1)}×   |Δ final loss| ${row.lossAgreement.toExponential(1)}`);
}
