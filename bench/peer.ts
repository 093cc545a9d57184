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

/**
 * CPU seconds of this process so far (user + system, all threads: V8's
 * compiler and GC threads count against us). The benchmarks time both sides
 * in CPU time (the peers with time.process_time): on a shared machine wall
 * time also counts the time other processes hold the core, which hits one
 * side or the other at random.
 */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Per-call CPU seconds of each of `batches` batches of `perBatch` calls of f(k) (k counts calls). */
export function timeBatches(f: (k: number) => void, batches: number, perBatch: number): number[] {
  const times: number[] = [];
  let k = 0;
  for (let b = 0; b < batches; b++) {
    const t0 = cpuSeconds();
    for (let i = 0; i < perBatch; i++) f(k++);
    times.push((cpuSeconds() - t0) / perBatch);
  }
  return times;
}
