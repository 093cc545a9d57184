/**
 * The measurements behind docs/wasm.md: GFLOP/s of the WebAssembly kernels
 * against the TypeScript ones (and numpy on one thread, same run, when
 * python3 with numpy is present), medians of 7 batches of ≥ 30 ms each
 * (the clock read every 10 calls).
 * Then loss+gradient (bench/loss-grad.ts's family, 8 points cycled) in CPU
 * time per call, BWCHECK_WASM=0 and 1 in alternating child processes, 3
 * rounds, medians. Run: npx tsx scripts/build-wasm.bench.ts
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchProblem } from "../bench/loss-grad.js";
import { bwTarget } from "../src/bures/target.js";
import { gemmTs, gramTs } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { balancedClose } from "../src/network/init.js";
import { gradientDescent } from "../src/network/train.js";
import { jacobiRowsTs } from "../src/linalg/svd.js";
import { gemmWasm, jacobiRowsWasm, kernelBackend } from "../src/linalg/wasm/kernels.js";

const SIZES = [16, 32, 64, 128, 256], TAUS = [0.1, 0];

/** CPU µs per lossAndGrad call at each (n, τ): median of 5 batches; printed as JSON (child mode). */
function lossGradChild(): void {
  const out: Record<string, number> = {};
  for (const n of SIZES) for (const tau of TAUS) {
    const { sigma0, Ws } = benchProblem(n);
    const t = bwTarget(sigma0);
    const k = n <= 16 ? 200 : n <= 32 ? 60 : n <= 64 ? 12 : n <= 128 ? 3 : 1;
    for (let j = 0; j < 8; j++) t.lossAndGrad(Ws[j], { tau });
    const res: number[] = [];
    let idx = 0;
    for (let b = 0; b < 5; b++) {
      const c0 = process.cpuUsage();
      for (let j = 0; j < k; j++) t.lossAndGrad(Ws[idx++ % 8], { tau });
      const c = process.cpuUsage(c0);
      res.push((c.user + c.system) / k);
    }
    out[`loss+grad n = ${n}, τ = ${tau}`] = res.sort((x, y) => x - y)[2];
  }
  for (const widths of [[4, 4, 4, 4], [32, 32, 32], [64, 64, 64]]) { // bench/train.ts's problem, τ = 0.1
    const n = widths[widths.length - 1], steps = n <= 4 ? 3000 : n <= 32 ? 200 : 50;
    const r = rng(44 + n);
    const sigma0 = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (2.5 * (i + r.next())) / n), r);
    const target = bwTarget(sigma0), start = balancedClose(sigma0, widths, 0.1, r);
    gradientDescent(target, start, { tau: 0.1, lr: 0.02, steps });
    const res: number[] = [];
    for (let b = 0; b < 3; b++) {
      const c0 = process.cpuUsage();
      gradientDescent(target, start, { tau: 0.1, lr: 0.02, steps });
      const c = process.cpuUsage(c0);
      res.push((c.user + c.system) / steps);
    }
    out[`GD step [${widths.join(",")}]`] = res.sort((x, y) => x - y)[1];
  }
  console.log(JSON.stringify({ backend: kernelBackend(), out }));
}

if (process.argv.includes("--lossgrad-child")) {
  lossGradChild();
  process.exit(0);
}
if (kernelBackend() !== "wasm") throw new Error("the WebAssembly kernels are off (BWCHECK_WASM=0?)");

/** seconds per call: median of 7 batches */
function time(f: () => unknown): number {
  for (let i = 0; i < 20; i++) f();
  const res: number[] = [];
  for (let b = 0; b < 7; b++) {
    let reps = 0, el = 0;
    const t0 = process.hrtime.bigint();
    do { for (let i = 0; i < 10; i++) f(); reps += 10; el = Number(process.hrtime.bigint() - t0); } while (el < 3e7);
    res.push(el / reps / 1e9);
  }
  return res.sort((x, y) => x - y)[3];
}

/** numpy's seconds per call for each expression, one thread. */
function numpy(cases: { n: number; p: number; m: number; expr: string }[]): number[] | null {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const py = `
import json, sys, time, numpy as np
out = []
for c in json.loads(sys.argv[1]):
    rng = np.random.default_rng(1)
    A = rng.standard_normal((c["n"], c["p"])); B = rng.standard_normal((c["p"], c["m"]))
    f = eval("lambda: " + c["expr"])
    for _ in range(5): f()
    res = []
    for _ in range(7):
        reps = 0; t0 = time.perf_counter()
        while True:
            f(); reps += 1; el = time.perf_counter() - t0
            if el > 0.03: break
        res.append(el / reps)
    out.append(sorted(res)[3])
print(json.dumps(out))`;
  const r = spawnSync("python3", ["-c", py, JSON.stringify(cases)], { env, encoding: "utf8" });
  return r.status === 0 ? JSON.parse(r.stdout) : null;
}

const r = rng(1);
const gf = (flops: number, s: number) => (flops / s / 1e9).toFixed(1);

console.log("| product | TS GFLOP/s | wasm GFLOP/s | speed-up | numpy (1 thread) GFLOP/s |");
console.log("|---|---|---|---|---|");
const gemmCases: { name: string; n: number; p: number; m: number; trans: boolean }[] = [];
for (const n of [16, 32, 64, 128, 256]) gemmCases.push({ name: `A B, n = ${n}`, n, p: n, m: n, trans: false }, { name: `Aᵀ B, n = ${n}`, n, p: n, m: n, trans: true });
for (const n of [32, 64, 128]) gemmCases.push({ name: `(${n}×${2 * n}) (${2 * n}×${n})`, n, p: 2 * n, m: n, trans: false });
const np = numpy(gemmCases.map(({ n, p, m, trans }) => ({ n, p, m, expr: trans ? "A.T @ B" : "A @ B" })));
gemmCases.forEach(({ name, n, p, m, trans }, i) => {
  const A = randomNormal(trans ? p : n, trans ? n : p, r).data, B = randomNormal(p, m, r).data, C = new Float64Array(n * m);
  const [rs, cs] = trans ? [1, n] : [p, 1];
  const ts = time(() => gemmTs(A, rs, cs, B, C, n, p, m)), ws = time(() => gemmWasm(A, rs, cs, B, m, 1, C, n, p, m));
  console.log(`| ${name} | ${gf(2 * n * p * m, ts)} | ${gf(2 * n * p * m, ws)} | ${(ts / ws).toFixed(2)} | ${np ? gf(2 * n * p * m, np[i]) : "–"} |`);
});

console.log("\n| small products (threshold WASM_MIN) | n p m | TS ns | wasm ns | speed-up |");
console.log("|---|---|---|---|---|");
for (const [n, p, m] of [[4, 4, 4], [6, 6, 6], [8, 8, 8], [7, 8, 9], [9, 9, 9], [8, 16, 8], [12, 12, 12], [1, 32, 32], [32, 32, 1], [16, 16, 4], [4, 64, 4]]) {
  const A = randomNormal(n, p, r).data, B = randomNormal(p, m, r).data, C = new Float64Array(n * m);
  const ts = time(() => gemmTs(A, p, 1, B, C, n, p, m)), ws = time(() => gemmWasm(A, p, 1, B, m, 1, C, n, p, m));
  console.log(`| ${n}×${p} by ${p}×${m} | ${n * p * m} | ${(ts * 1e9).toFixed(0)} | ${(ws * 1e9).toFixed(0)} | ${(ts / ws).toFixed(2)} |`);
}

console.log("\n| A Aᵀ (A n×p), effective GFLOP/s = 2n²p / time | TS before (full product) | TS syrk | wasm syrk | speed-up over TS syrk | numpy A @ A.T |");
console.log("|---|---|---|---|---|---|");
const gramCases = [16, 32, 64, 128, 256].map((n) => ({ n, p: n, m: n, expr: "A @ A.T" }));
const npg = numpy(gramCases);
gramCases.forEach(({ n, p }, i) => {
  const a = randomNormal(n, p, r), G = new Float64Array(n * n), at = new Float64Array(p * n);
  const before = time(() => { // the gram of the previous products.ts: full gemm of A by a fresh Aᵀ, then mirrored
    for (let x = 0; x < n; x++) for (let k = 0; k < p; k++) at[k * n + x] = a.data[x * p + k];
    gemmTs(a.data, p, 1, at, G, n, p, n);
  });
  const ts = time(() => gramTs(a, { rows: n, cols: n, data: G })), ws = time(() => gemmWasm(a.data, p, 1, a.data, 1, p, G, n, p, n, true));
  const f = 2 * n * n * p;
  console.log(`| n = p = ${n} | ${gf(f, before)} | ${gf(f, ts)} | ${gf(f, ws)} | ${(ts / ws).toFixed(2)} | ${npg ? gf(f, npg[i]) : "–"} |`);
});

console.log("\n| one-sided Jacobi, p rows of length q (threshold p²q ≥ 128) | TS ms | wasm ms | speed-up | bit-identical |");
console.log("|---|---|---|---|---|");
for (const [p, q] of [[3, 6], [4, 4], [4, 8], [8, 16], [16, 32], [32, 64], [64, 128], [128, 256]]) {
  const x = randomNormal(p, q, r).data, id = new Float64Array(p * p);
  for (let i = 0; i < p; i++) id[i * p + i] = 1;
  let gt = x, gw = x;
  const ts = time(() => { gt = x.slice(); jacobiRowsTs(gt, p, q, id.slice()); });
  const ws = time(() => { gw = x.slice(); jacobiRowsWasm(gw, p, q, id.slice(), 60); });
  console.log(`| ${p}×${q} | ${(ts * 1e3).toFixed(4)} | ${(ws * 1e3).toFixed(4)} | ${(ts / ws).toFixed(2)} | ${gt.every((v, i) => Object.is(v, gw[i])) ? "yes" : "NO"} |`);
}

console.log("\n| CPU µs per call | TS kernels | wasm kernels | speed-up |");
console.log("|---|---|---|---|");
const runs: Record<string, Record<string, number>[]> = { ts: [], wasm: [] };
for (let round = 0; round < 3; round++) {
  for (const flag of ["0", "1"]) {
    const c = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--lossgrad-child"],
      { encoding: "utf8", env: { ...process.env, BWCHECK_WASM: flag } });
    if (c.status !== 0) throw new Error(c.stderr);
    const { backend, out } = JSON.parse(c.stdout) as { backend: string; out: Record<string, number> };
    runs[backend].push(out);
  }
}
const med = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const key of Object.keys(runs.ts[0])) {
  const ts = med(runs.ts.map((o) => o[key])), ws = med(runs.wasm.map((o) => o[key]));
  console.log(`| ${key} | ${ts.toFixed(ts < 100 ? 1 : 0)} | ${ws.toFixed(ws < 100 ? 1 : 0)} | ${(ts / ws).toFixed(2)} |`);
}
