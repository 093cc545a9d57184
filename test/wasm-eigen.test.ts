/**
 * The eigenvector stage of the QL eigen-solver in WebAssembly
 * (assembly/eigen.ts: Q formed from the reflectors, the QL iteration with
 * its rotations applied to it) performs the operations of eigen.ts's
 * accumulateQTs and tridiagonal-ql.ts's tridiagonalQL in the same order, so eigenvalues and
 * eigenvectors must agree to the last bit (docs/wasm.md); and
 * symmetricEigenUnsorted must use it from QL_WASM_MIN to the divide and
 * conquer crossover.
 */
import { describe, expect, it } from "vitest";
import { accumulateQTs, DIVIDE_CONQUER_FROM, QL_WASM_MIN, symmetricEigenUnsorted } from "../src/linalg/eigen.js";
import { fromDiagonal, type Matrix, transpose } from "../src/linalg/matrix.js";
import { matmul } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { tridiagonalize } from "../src/linalg/tridiagonal.js";
import { tridiagonalQL } from "../src/linalg/tridiagonal-ql.js";
import { eigenVectorsQLWasm, wasmKernelCallsOf } from "../src/linalg/wasm/kernels.js";

const WASM = process.env.BWCHECK_WASM !== "0";

function symmetric(x: Matrix): Matrix {
  return matmul(x, transpose(x));
}

/** Reduces A (scaled to max-norm 1 as eigen.ts does) and forms the eigenvectors both ways; they must be bit-identical. */
function bothWays(a: Matrix, rotates = a.rows > 1): void {
  const n = a.rows;
  let m = 0;
  for (const x of a.data) m = Math.max(m, Math.abs(x));
  const work = a.data.map((x) => x / (m || 1));
  const d = new Float64Array(n), e = new Float64Array(n), taus = new Float64Array(n);
  tridiagonalize(n, work, d, e, taus, new Float64Array(n), new Float64Array(n));
  expect(e.subarray(0, Math.max(n - 1, 0)).some((x) => x !== 0), `couplings at n=${n}`).toBe(rotates);
  const dt = d.slice(), et = e.slice(), qt = new Float64Array(n * n);
  accumulateQTs(n, work, taus, qt, new Float64Array(n), new Float64Array(n));
  tridiagonalQL(n, dt, et, qt, new Float64Array(n), new Float64Array(n));
  const dw = d.slice(), ew = e.slice(), qw = new Float64Array(n * n).fill(NaN);
  expect(eigenVectorsQLWasm(n, work, taus, dw, ew, qw)).toBe(-1);
  expect(dw.every((v, i) => Object.is(v, dt[i])), `eigenvalues differ at n=${n}`).toBe(true);
  expect(ew.every((v, i) => Object.is(v, et[i])), `e differs at n=${n}`).toBe(true);
  expect(qw.every((v, i) => Object.is(v, qt[i])), `eigenvectors differ at n=${n}`).toBe(true);
}

describe.skipIf(!WASM)("wasm QL eigenvectors against accumulateQTs + applySweep", () => {
  const r = rng(29);

  it("bit-identical on random symmetric matrices, n = 1 … 159 (every remainder mod 8)", () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 17, 23, 24, 31, 32, 33, 40, 47, 48, 64, 101, 159]) bothWays(symmetric(randomNormal(n, n, r)));
  });

  it("bit-identical on graded, clustered, repeated, diagonal and zero-reflector matrices", () => {
    const n = 21;
    const spectrum = (f: (i: number) => number) => randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => f(i)), r);
    bothWays(spectrum((i) => 10 ** (-i / 2)));
    bothWays(spectrum((i) => 1 + 1e-14 * (i % 3)));
    bothWays(spectrum((i) => [1, -2, 3][i % 3]));
    bothWays(fromDiagonal(Float64Array.from({ length: n }, (_, i) => i - 7)), false);
    // rows already reduced (τ = 0 for some reflectors): the skipped branches of the accumulation
    const a = symmetric(randomNormal(12, 12, r));
    for (let j = 2; j < 12; j++) { a.data[j] = 0; a.data[j * 12] = 0; a.data[12 + j] = j === 2 ? a.data[12 + j] : 0; }
    for (let j = 3; j < 12; j++) a.data[j * 12 + 1] = a.data[12 + j];
    bothWays(a);
    // a block of size 1e-200 first: the rotations' √(p² + e²) underflows and hypot falls back on Math.hypot
    const b = fromDiagonal(new Float64Array(10));
    const small = symmetric(randomNormal(5, 5, r)), large = symmetric(randomNormal(5, 5, r));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) { b.data[i * 10 + j] = 1e-200 * small.data[i * 5 + j]; b.data[(i + 5) * 10 + j + 5] = large.data[i * 5 + j]; }
    bothWays(b);
  });


  it("symmetricEigenUnsorted runs it once per call from QL_WASM_MIN to the divide and conquer crossover, not below nor from there", () => {
    const count = (n: number) => { const a = symmetric(randomNormal(n, n, r)); const c0 = wasmKernelCallsOf("eigenQL"); symmetricEigenUnsorted(a); return wasmKernelCallsOf("eigenQL") - c0; };
    expect(count(QL_WASM_MIN)).toBe(1);
    expect(count(47)).toBe(1);
    if (QL_WASM_MIN > 1) expect(count(QL_WASM_MIN - 1)).toBe(0);
    expect(count(DIVIDE_CONQUER_FROM.wasm - 1)).toBe(1);
    expect(count(DIVIDE_CONQUER_FROM.wasm)).toBe(0);
  });
});
