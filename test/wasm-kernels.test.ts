/**
 * The WebAssembly f64x2 product kernel (src/linalg/wasm/kernels.ts, built
 * from assembly/gemm.ts) against the TypeScript kernels it replaces above
 * WASM_MIN multiply-adds (docs/wasm.md): that it is built and used, that
 * BWCHECK_WASM=0 switches it off, and that it agrees with the TypeScript
 * oracle within the componentwise rounding bound of two length-p dot
 * products, |C_wasm − C_ts| ≤ 2 γ_p (|A||B|), γ_p = p ε / (1 − p ε),
 * on every stride case, odd sizes, vectors, NaN/±Inf, subnormals and huge
 * entries.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { gemm, gemmTs, gram, gramTs, matmul, matmulABt, matmulAtB, WASM_MIN } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng, type Rng } from "../src/linalg/random.js";
import { gemmWasm, kernelBackend, wasmKernelCalls } from "../src/linalg/wasm/kernels.js";

const WASM = process.env.BWCHECK_WASM !== "0";
const EPS = 2 ** -53;
const TINY = 2 ** -1074;

function mat(rows: number, cols: number, r: Rng, f: () => number = () => r.normal()): Matrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, f) };
}

/** op(A) op(B) entry bound: Σ_k |op(A)[i][k]| |op(B)[k][j]|. */
function absProduct(A: Float64Array, ars: number, acs: number, B: Float64Array, brs: number, bcs: number, n: number, p: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += Math.abs(A[i * ars + k * acs] * B[k * brs + j * bcs]);
    out[i * m + j] = s;
  }
  return out;
}

/** wasm result w against TS result t: the same non-finite entries, finite ones within 2 γ_p |A||B| (+ subnormal spacing). */
function expectAgree(w: Float64Array, t: Float64Array, bound: Float64Array, p: number): void {
  const gamma = (p * EPS) / (1 - p * EPS);
  let worst = 0;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) {
      expect(Object.is(w[i], t[i]) || (Number.isNaN(w[i]) && Number.isNaN(t[i])), `entry ${i}: wasm ${w[i]}, ts ${t[i]}`).toBe(true);
      continue;
    }
    const allowed = 2 * gamma * bound[i] + 2 * p * TINY;
    worst = Math.max(worst, Math.abs(w[i] - t[i]) / allowed);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the WebAssembly kernel is built and used", () => {
  it("kernelBackend() is wasm unless BWCHECK_WASM=0 is set", () => {
    expect(kernelBackend()).toBe(WASM ? "wasm" : "ts");
  });

  it.skipIf(!WASM)("every product entry point goes to wasm at and above WASM_MIN multiply-adds, to TS below", () => {
    const r = rng(1);
    const count = (f: () => unknown) => { const c0 = wasmKernelCalls(); f(); return wasmKernelCalls() - c0; };
    const a = mat(9, 9, r), b = mat(9, 9, r), small = mat(8, 8, r);
    expect(9 * 9 * 9).toBeGreaterThanOrEqual(WASM_MIN);
    expect(8 * 8 * 8).toBeLessThan(WASM_MIN);
    expect(count(() => matmul(a, b))).toBe(1);
    expect(count(() => matmulAtB(a, b))).toBe(1);
    expect(count(() => matmulABt(a, b))).toBe(1);
    expect(count(() => gram(a))).toBe(1);
    expect(count(() => matmul(small, small))).toBe(0);
    expect(count(() => gram(small))).toBe(0);
  });

  it.skipIf(!WASM)("loss+gradient at n = 64 runs its products in wasm (both paths)", () => {
    const r = rng(2);
    const n = 64;
    const t = bwTarget(randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (4.5 * i) / n), r));
    for (const tau of [0.1, 0]) {
      const c0 = wasmKernelCalls();
      t.lossAndGrad(randomNormal(n, n, r), { tau });
      expect(wasmKernelCalls() - c0).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(!WASM)("wasm gemm against the TypeScript oracle", () => {
  const r = rng(13);
  const sizes = (): [number, number, number] => {
    const pick = () => [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 33, 64, 67][Math.floor(r.next() * 14)];
    return [pick(), pick(), pick()];
  };

  it("op(A) B for A and Aᵀ, random shapes incl. odd sizes, 1×k and k×1", () => {
    const shapes: [number, number, number][] = [[1, 40, 1], [1, 1, 1], [1, 50, 37], [37, 50, 1], [50, 1, 37], [4, 4, 4], [5, 3, 7]];
    for (let t = 0; t < 40; t++) shapes.push(sizes());
    for (const [n, p, m] of shapes) {
      for (const trans of [false, true]) {
        const A = mat(trans ? p : n, trans ? n : p, r).data, B = mat(p, m, r).data;
        const [rs, cs] = trans ? [1, n] : [p, 1];
        const w = new Float64Array(n * m).fill(NaN), t = new Float64Array(n * m);
        expect(gemmWasm(A, rs, cs, B, m, 1, w, n, p, m)).toBe(true);
        gemmTs(A, rs, cs, B, t, n, p, m);
        expectAgree(w, t, absProduct(A, rs, cs, B, m, 1, n, p, m), p);
      }
    }
  });

  it("A Bᵀ (strided B) and the symmetric A Aᵀ against the TS products", () => {
    for (let t = 0; t < 30; t++) {
      const [n, p, m] = sizes();
      const a = mat(n, p, r), b = mat(m, p, r);
      const w = new Float64Array(n * m);
      gemmWasm(a.data, p, 1, b.data, 1, p, w, n, p, m);
      const bt = new Float64Array(p * m);
      for (let i = 0; i < m; i++) for (let k = 0; k < p; k++) bt[k * m + i] = b.data[i * p + k];
      const ts = new Float64Array(n * m);
      gemmTs(a.data, p, 1, bt, ts, n, p, m);
      expectAgree(w, ts, absProduct(a.data, p, 1, b.data, 1, p, n, p, m), p);

      const g = new Float64Array(n * n).fill(NaN);
      gemmWasm(a.data, p, 1, a.data, 1, p, g, n, p, n, true);
      const gt = gramTs(a).data;
      expectAgree(g, gt, absProduct(a.data, p, 1, a.data, 1, p, n, p, n), p);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(g[i * n + j]).toBe(g[j * n + i]);
    }
  });

  it("NaN and ±Inf entries propagate as in the TS kernel; subnormal and huge entries agree", () => {
    const specials = [NaN, Infinity, -Infinity];
    let nonFinite = 0;
    for (let t = 0; t < 30; t++) {
      const [n, p, m] = sizes();
      const A = mat(n, p, r).data, B = mat(p, m, r).data;
      const kind = t % 3;
      for (const X of [A, B]) for (let i = 0; i < X.length; i++) {
        const u = r.next();
        if (kind === 0 && u < 0.05) X[i] = specials[Math.floor(r.next() * 3)];
        if (kind === 1) X[i] *= u < 0.5 ? 1e-310 : 1e-160; // subnormal entries and products that underflow
        if (kind === 2) X[i] *= u < 0.1 ? 1e200 : 1e150; // products up to 1e300, some overflowing to ±Inf
      }
      const w = new Float64Array(n * m), ts = new Float64Array(n * m);
      gemmWasm(A, p, 1, B, m, 1, w, n, p, m);
      gemmTs(A, p, 1, B, ts, n, p, m);
      expectAgree(w, ts, absProduct(A, p, 1, B, m, 1, n, p, m), p);
      nonFinite += ts.filter((x) => !Number.isFinite(x)).length;
    }
    expect(nonFinite).toBeGreaterThan(0);
  });

  it("memory grows for a large product; results before and after the growth stay right; inputs are not written", () => {
    const small = [mat(6, 5, r), mat(5, 7, r)], big = [mat(300, 260, r), mat(260, 280, r)];
    for (const [a, b] of [small, big, small]) {
      const a0 = a.data.slice(), b0 = b.data.slice();
      const w = new Float64Array(a.rows * b.cols), ts = new Float64Array(a.rows * b.cols);
      gemmWasm(a.data, a.cols, 1, b.data, b.cols, 1, w, a.rows, a.cols, b.cols);
      gemmTs(a.data, a.cols, 1, b.data, ts, a.rows, a.cols, b.cols);
      expectAgree(w, ts, absProduct(a.data, a.cols, 1, b.data, b.cols, 1, a.rows, a.cols, b.cols), a.cols);
      expect(a.data).toEqual(a0);
      expect(b.data).toEqual(b0);
    }
  });

  it("gramTs (upper triangle, then mirrored) matches the full TS product in the upper triangle, bit for bit", () => {
    // sizes past DOT_FORM_MAX (4096 multiply-adds), where gramTs runs the blocked loop
    for (const [n, p] of [[1, 5000], [17, 16], [33, 20], [40, 7], [65, 3]]) {
      const a = mat(n, p, r);
      const full = new Float64Array(n * n), at = new Float64Array(p * n);
      for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) at[k * n + i] = a.data[i * p + k];
      gemmTs(a.data, p, 1, at, full, n, p, n);
      const g = gramTs(a).data;
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
        expect(g[i * n + j]).toBe(full[i * n + j]);
        expect(g[j * n + i]).toBe(g[i * n + j]);
      }
    }
  });
});

describe("BWCHECK_WASM=0", () => {
  it("forces the TypeScript kernels: backend ts, no wasm call, results bit for bit those of gemmTs", async () => {
    vi.stubEnv("BWCHECK_WASM", "0");
    vi.resetModules();
    const kernels = await import("../src/linalg/wasm/kernels.js");
    const products = await import("../src/linalg/products.js");
    expect(kernels.kernelBackend()).toBe("ts");
    const r = rng(5);
    const a = mat(40, 30, r), b = mat(30, 20, r);
    const c = products.matmul(a, b), g = products.gram(a);
    expect(kernels.wasmKernelCalls()).toBe(0);
    const t = new Float64Array(40 * 20);
    gemmTs(a.data, 30, 1, b.data, t, 40, 30, 20);
    expect(c.data).toEqual(t);
    expect(g.data).toEqual(gramTs(a).data);
    vi.resetModules();
  });
});

describe("gemm dispatch", () => {
  it("gemm agrees with gemmTs above the threshold and equals it below", () => {
    const r = rng(8);
    for (const [n, p, m] of [[8, 8, 8], [9, 9, 9], [64, 64, 64]]) {
      const A = mat(n, p, r).data, B = mat(p, m, r).data;
      const c = new Float64Array(n * m), t = new Float64Array(n * m);
      gemm(A, p, 1, B, c, n, p, m);
      gemmTs(A, p, 1, B, t, n, p, m);
      if (n * p * m < WASM_MIN) expect(c).toEqual(t);
      else expectAgree(c, t, absProduct(A, p, 1, B, m, 1, n, p, m), p);
    }
  });
});

describe("the built package", () => {
  const ROOT = join(import.meta.dirname, "..");
  const backend = (env: Record<string, string>) => spawnSync(process.execPath, ["--input-type=module", "-e",
    `import { kernelBackend } from "./dist/src/index.js"; console.log(kernelBackend());`],
  { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } }).stdout.trim();

  it("dist loads the embedded module (kernelBackend() is wasm), and BWCHECK_WASM=0 switches it off", () => {
    expect(backend({ BWCHECK_WASM: "1" })).toBe("wasm");
    expect(backend({ BWCHECK_WASM: "0" })).toBe("ts");
  });

  it("npm pack ships the generated module, not the AssemblyScript sources or the build script", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toContain("dist/src/linalg/wasm/kernels.generated.js");
    expect(files).toContain("dist/src/linalg/wasm/kernels.js");
    expect(files.filter((f) => f.startsWith("assembly/") || f.startsWith("scripts/") || f.startsWith("src/"))).toEqual([]);
  });
});
