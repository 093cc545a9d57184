/**
 * Benchmark of the numeric core's hot path: target.loss + target.grad
 * (τ = 0.1, square W, fixed target) against numpy/scipy doing the same work
 * with R0 precomputed (bench/peer_numpy.py), in the same run, at
 * n = 8, 32, 128, 256. Reports medians and the ratio ours/numpy.
 *
 * W cycles through four matrices so that the target's one-point memo never
 * serves a repeated call: every timed call factorises. Three rounds of
 * ours-then-numpy; the ratio is the median of the rounds' ratios.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bwTarget } from "../src/bures/target.js";
import { fromRows, type Matrix, toRows } from "../src/linalg/matrix.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { relativeError, scale } from "../src/linalg/ops.js";
import { formatSeconds, median } from "./stats.js";

export type LossGradRow = { n: number; ours: number; numpy: number; numpyThreaded: number; ratio: number; agreement: number };

const TAU = 0.1;

function repsFor(n: number): number {
  return n <= 8 ? 2000 : n <= 32 ? 400 : n <= 128 ? 40 : 12;
}

/**
 * Runs the numpy peer. `singleThread` pins BLAS to one thread, like our
 * single-threaded JS: the like-for-like comparison, and the faster numpy on
 * these 2-core machines (threaded OpenBLAS contends at these sizes).
 */
function runPeer(input: string, singleThread: boolean): { times: number[]; grad: number[][] } {
  const env = singleThread ? { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } : process.env;
  const peer = spawnSync("python3", [fileURLToPath(new URL("./peer_numpy.py", import.meta.url))], {
    input,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (peer.status !== 0) throw new Error(`numpy peer failed: ${peer.stderr || peer.error?.message}`);
  return JSON.parse(peer.stdout);
}

/** Median seconds per target.loss + target.grad call over `reps` calls cycling through Ws. */
function timeOurs(sigma0: Matrix, Ws: readonly Matrix[], reps: number): { seconds: number; lastGrad: Matrix } {
  const target = bwTarget(sigma0);
  for (let k = 0; k < Math.min(reps, 50); k++) {
    target.loss(Ws[k % Ws.length], { tau: TAU });
    target.grad(Ws[k % Ws.length], { tau: TAU });
  }
  const times: number[] = [];
  let lastGrad: Matrix | null = null;
  for (let k = 0; k < reps; k++) {
    const w = Ws[k % Ws.length];
    const t0 = performance.now();
    target.loss(w, { tau: TAU });
    lastGrad = target.grad(w, { tau: TAU });
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), lastGrad: lastGrad as Matrix };
}

/** Rounds of ours-then-peer: the ratio is the median of the per-round ratios, which shrugs off a noisy round. */
const ROUNDS = 3;

export function benchLossGrad(sizes: readonly number[] = [8, 32, 128, 256]): LossGradRow[] {
  const rows: LossGradRow[] = [];
  for (const n of sizes) {
    const r = rng(n);
    const sigma0 = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (4.5 * (i + r.next())) / n), r);
    const Ws: Matrix[] = Array.from({ length: 4 }, () => scale(randomNormal(n, n, r), 1 / Math.sqrt(n)));
    const reps = repsFor(n);
    const input = JSON.stringify({ sigma0: toRows(sigma0), Ws: Ws.map(toRows), tau: TAU, reps });
    const ours: number[] = [], numpy: number[] = [], threaded: number[] = [], ratios: number[] = [];
    let agreement = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const o = timeOurs(sigma0, Ws, reps);
      const single = runPeer(input, true);
      ours.push(o.seconds);
      numpy.push(median(single.times));
      ratios.push(o.seconds / median(single.times));
      threaded.push(median(runPeer(input, false).times));
      agreement = Math.max(agreement, relativeError(o.lastGrad, fromRows(single.grad)));
    }
    rows.push({ n, ours: median(ours), numpy: median(numpy), numpyThreaded: median(threaded), ratio: median(ratios), agreement });
  }
  return rows;
}

export function printLossGrad(rows: readonly LossGradRow[]): void {
  console.log("loss + grad of L_τ (τ = 0.1, square W), median per call; numpy with R0 precomputed");
  console.log("   n        ours   numpy (1 thread)   ours/numpy   numpy (threaded)   grad agreement");
  for (const r of rows) {
    console.log(
      `${String(r.n).padStart(4)}  ${formatSeconds(r.ours).padStart(10)}  ${formatSeconds(r.numpy).padStart(17)}  ${r.ratio.toFixed(2).padStart(11)}  ${formatSeconds(r.numpyThreaded).padStart(17)}   ${r.agreement.toExponential(1)}`,
    );
  }
}
