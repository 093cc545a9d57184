/**
 * The reduction to tridiagonal form in WebAssembly (assembly/tridiagonal.ts)
 * performs the operations of tridiagonal.ts's tridiagonalize in the same
 * order, so the tridiagonal (d, e), the reflectors and the τ's must agree to
 * the last bit (docs/wasm.md); and the eigen-solver must use it from
 * TRIDIAGONAL_WASM_MIN on.
 */
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues, TRIDIAGONAL_WASM_MIN } from "../src/linalg/eigen.js";
import { fromDiagonal, type Matrix, transpose } from "../src/linalg/matrix.js";
import { matmul } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { tridiagonalize } from "../src/linalg/tridiagonal.js";
import { tridiagonalizeWasm, wasmKernelCallsOf } from "../src/linalg/wasm/kernels.js";

const WASM = process.env.BWCHECK_WASM !== "0";

function same(x: Float64Array, y: Float64Array): boolean {
  return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
}

/** Reduces A both ways; returns the number of zero τ's. */
function bothWays(a: Matrix): number {
  const n = a.rows;
  const at = a.data.slice(), dt = new Float64Array(n), et = new Float64Array(n), tt = new Float64Array(n);
  tridiagonalize(n, at, dt, et, tt, new Float64Array(n), new Float64Array(n));
  const aw = a.data.slice(), dw = new Float64Array(n).fill(NaN), ew = new Float64Array(n).fill(NaN), tw = new Float64Array(n).fill(NaN);
  expect(tridiagonalizeWasm(n, aw, dw, ew, tw)).toBe(true);
  expect(same(dw, dt), `d differs at n=${n}`).toBe(true);
  expect(same(ew, et), `e differs at n=${n}`).toBe(true);
  expect(same(tw, tt), `τ differs at n=${n}`).toBe(true);
  expect(same(aw, at), `reflectors differ at n=${n}`).toBe(true);
  return tt.filter((t, k) => t === 0 && k < n - 2).length;
}

describe.skipIf(!WASM)("wasm tridiagonal reduction against tridiagonalize", () => {
  const r = rng(31);
  const symmetric = (x: Matrix) => matmul(x, transpose(x));

  it("bit-identical on random symmetric matrices, n = 1 … 130 (every remainder mod 4 of the fused rows, both column parities)", () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 18, 19, 31, 32, 33, 47, 48, 64, 65, 97, 130]) bothWays(symmetric(randomNormal(n, n, r)));
  });

  it("bit-identical on graded, clustered, diagonal, subnormal and partly reduced matrices (τ = 0 steps)", () => {
    const n = 23;
    const spectrum = (f: (i: number) => number) => randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => f(i)), r);
    bothWays(spectrum((i) => 10 ** (-i / 2)));
    bothWays(spectrum((i) => 1 + 1e-14 * (i % 3)));
    expect(bothWays(fromDiagonal(Float64Array.from({ length: n }, (_, i) => i - 7)))).toBe(n - 2);
    bothWays({ rows: n, cols: n, data: spectrum((i) => i).data.map((x) => x * 1e-310) });
    // a tridiagonal block in the leading rows: the first reflectors are trivial
    const a = symmetric(randomNormal(n, n, r));
    for (let i = 0; i < 5; i++) for (let j = i + 2; j < n; j++) { a.data[i * n + j] = 0; a.data[j * n + i] = 0; }
    expect(bothWays(a)).toBeGreaterThanOrEqual(4);
  });

  it("the eigen-solver reduces in wasm from TRIDIAGONAL_WASM_MIN, in TS below", () => {
    const count = (n: number) => { const a = symmetric(randomNormal(n, n, r)); const c0 = wasmKernelCallsOf("tridiagonal"); symmetricEigenvalues(a); return wasmKernelCallsOf("tridiagonal") - c0; };
    expect(count(TRIDIAGONAL_WASM_MIN)).toBe(1);
    expect(count(100)).toBe(1);
    if (TRIDIAGONAL_WASM_MIN > 1) expect(count(TRIDIAGONAL_WASM_MIN - 1)).toBe(0);
  });
});
