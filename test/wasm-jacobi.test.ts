/**
 * The one-sided Jacobi sweeps in WebAssembly (assembly/jacobi.ts) perform
 * the operations of svd.ts's jacobiRowsTs in the same order, so rows and
 * accumulated rotations must agree to the last bit (docs/wasm.md); and svd()
 * must use them at and above JACOBI_WASM_MIN.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fromDiagonal, type Matrix, transpose } from "../src/linalg/matrix.js";
import { gram, matmul } from "../src/linalg/products.js";
import { symmetricEigenUnsorted } from "../src/linalg/eigen.js";
import { randomNormal, randomOrthogonal, rng } from "../src/linalg/random.js";
import { JACOBI_WASM_MIN, jacobiRowsTs, svd } from "../src/linalg/svd.js";
import { jacobiRowsWasm, wasmKernelCalls } from "../src/linalg/wasm/kernels.js";

const WASM = process.env.BWCHECK_WASM !== "0";

function identityData(p: number): Float64Array {
  const a = new Float64Array(p * p);
  for (let i = 0; i < p; i++) a[i * p + i] = 1;
  return a;
}

function bothWays(x: Matrix): void {
  const p = x.rows, q = x.cols;
  const gt = x.data.slice(), at = identityData(p), nt = new Float64Array(p), gw = x.data.slice(), aw = identityData(p), nw = new Float64Array(p);
  jacobiRowsTs(gt, p, q, at, nt);
  expect(jacobiRowsWasm(gw, p, q, aw, nw, 60)).toBe("converged");
  expect(gw.every((v, i) => Object.is(v, gt[i])), `rows differ at p=${p} q=${q}`).toBe(true);
  expect(aw.every((v, i) => Object.is(v, at[i])), `rotations differ at p=${p} q=${q}`).toBe(true);
  expect(nw.every((v, i) => Object.is(v, nt[i])), `norms differ at p=${p} q=${q}`).toBe(true);
}

describe.skipIf(!WASM)("wasm one-sided Jacobi against jacobiRowsTs", () => {
  const r = rng(17);

  it("bit-identical on random rows, odd and even lengths, p = 1 … 40", () => {
    for (const [p, q] of [[1, 1], [1, 7], [2, 2], [2, 3], [3, 5], [5, 5], [7, 14], [8, 9], [13, 26], [16, 33], [40, 80]]) bothWays(randomNormal(p, q, r));
  });

  it("bit-identical on graded, clustered and rank-deficient rows", () => {
    const n = 24;
    const graded = matmul(fromDiagonal(Float64Array.from({ length: n }, (_, i) => 10 ** (-i / 2))), randomOrthogonal(n, r));
    const clustered = matmul(fromDiagonal(Float64Array.from({ length: n }, (_, i) => 1 + 1e-9 * (i % 3))), randomOrthogonal(n, r));
    const deficient = matmul(randomNormal(n, 5, r), randomNormal(5, 2 * n, r));
    for (const x of [graded, clustered, deficient]) bothWays(x);
  });

  it("bit-identical from near-orthogonal starts (Qᵀ X, Q the eigenvectors of X Xᵀ), where sweeps compute two dot products at once", () => {
    // the paired dots of assembly/jacobi.ts: most pairs pass the test, a few rotate and force a recomputation
    for (const [p, q] of [[17, 17], [32, 64], [45, 90], [64, 64]]) {
      const x = randomNormal(p, q, r);
      const { vectors } = symmetricEigenUnsorted(gram(x));
      bothWays(matmul(transpose(vectors), x));
    }
    const n = 40;
    const graded = matmul(fromDiagonal(Float64Array.from({ length: n }, (_, i) => 10 ** (-i / 4))), randomNormal(n, 2 * n, r));
    const { vectors } = symmetricEigenUnsorted(gram(graded));
    bothWays(matmul(transpose(vectors), graded));
  });

  it("bit-identical on the rows that need the skip rule's within-sweep clause (test/fixtures/jacobi-within-sweep.json)", () => {
    const f: { rows: number; cols: number; data: number[] } = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/jacobi-within-sweep.json", import.meta.url)), "utf8"));
    bothWays({ rows: f.rows, cols: f.cols, data: Float64Array.from(f.data) });
  });

  it("reports non-convergence when the sweep limit is too small", () => {
    const x = randomNormal(12, 12, r);
    expect(jacobiRowsWasm(x.data.slice(), 12, 12, identityData(12), new Float64Array(12), 1)).toBe("not converged");
  });

  it("svd() runs its sweeps in wasm at and above JACOBI_WASM_MIN = p² q, in TS below", () => {
    const count = (x: Matrix) => { const c0 = wasmKernelCalls(); svd(x); return wasmKernelCalls() - c0; };
    expect(4 * 4 * 8).toBeGreaterThanOrEqual(JACOBI_WASM_MIN);
    expect(3 * 3 * 6).toBeLessThan(JACOBI_WASM_MIN);
    expect(count(randomNormal(4, 8, r))).toBe(1);
    expect(count(randomNormal(3, 6, r))).toBe(0);
  });
});
