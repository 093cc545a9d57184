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

/**
 * Seconds of CPU time a row spends warming up before it is timed. V8 compiles
 * hot JavaScript in tiers and tiers WebAssembly up from Liftoff to TurboFan on
 * background threads, whose CPU time the timing counts (cpuSeconds): measured
 * at widths [32, 32, 32], rounds of 400 descent steps took 140–180 µs per step
 * for the first ~1 s of CPU and then settled at 98–103, the wall time of every
 * round. A fixed number of warm-up calls covers that at small n and not at
 * large; a warm-up by time covers every row, so each row times the steady state
 * (numpy has no JIT: its rounds need none).
 */
export const WARM_UP_SECONDS = 1;

/** Calls f(k) (k counts calls) until it has spent `seconds` of CPU time; returns the number of calls. */
export function warmUp(f: (k: number) => void, seconds = WARM_UP_SECONDS): number {
  const t0 = cpuSeconds();
  let k = 0;
  do f(k++);
  while (cpuSeconds() - t0 < seconds);
  return k;
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
