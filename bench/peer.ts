/**
 * Running a python peer in the same run: numpy on one BLAS thread, with
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in the peer's environment only
 * (the like-for-like comparison with our single-threaded JS, and the faster
 * numpy on these small shared machines).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export function runPeer<T>(script: string, input: unknown): T {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const peer = spawnSync("python3", [fileURLToPath(new URL(`./${script}`, import.meta.url))], {
    input: JSON.stringify(input),
    env,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (peer.status !== 0) throw new Error(`${script} failed: ${peer.stderr || peer.error?.message}`);
  return JSON.parse(peer.stdout) as T;
}

/** Median per-call seconds over `batches` batches of `perBatch` calls of f(k) (k counts calls). */
export function timeBatches(f: (k: number) => void, batches: number, perBatch: number): number[] {
  const times: number[] = [];
  let k = 0;
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) f(k++);
    times.push((performance.now() - t0) / 1000 / perBatch);
  }
  return times;
}
