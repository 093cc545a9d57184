/**
 * The WebAssembly (f64x2 SIMD) kernels, matrix products (assembly/gemm.ts),
 * one-sided Jacobi sweeps (assembly/jacobi.ts), the reduction to tridiagonal
 * form (assembly/tridiagonal.ts) and the eigenvector stage of the QL
 * eigen-solver (assembly/eigen.ts), built from assembly/
 * by scripts/build-wasm.mjs and compiled synchronously on first use
 * (docs/wasm.md). The plain TypeScript kernels in products.ts and svd.ts remain the
 * fallback and the test oracle: this module is skipped when BWCHECK_WASM=0
 * is set at the first product, or when the engine cannot compile the module
 * (no WebAssembly or no SIMD).
 *
 * Every call copies its operands into the module's linear memory and the
 * result back out, so callers see no aliasing between A, B and C, and no view
 * of the memory is kept across a `memory.grow`.
 */
import { KERNELS_WASM_BASE64 } from "./kernels.generated.js";

/** The parts of the WebAssembly JS API used here (the project's lib settings carry no DOM/WebAssembly types). */
type WasmApi = {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

type Exports = {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  gemm(a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number,
    n: number, p: number, m: number, work: number, upper: number): void;
  jacobiRows(g: number, p: number, q: number, acc: number, norms: number, flags: number, maxSweeps: number): number;
  eigenVectorsQL(n: number, a: number, taus: number, d: number, e: number, q: number, qt: number, tp: number, tn: number, cs: number, sn: number): number;
  tridiagonalize(n: number, a: number, d: number, e: number, taus: number, y: number, w: number): void;
};

let kernels: Exports | null | undefined;
let heap = 0;
let f64 = new Float64Array(0);
let calls = 0;
/** Calls per kernel (the eigen-solver's tests tell its two kernels apart from the products it also makes). */
const callsOf = { gemm: 0, jacobi: 0, tridiagonal: 0, eigenQL: 0 };

function load(): Exports | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; WebAssembly?: WasmApi };
  const wasm = g.WebAssembly;
  if (g.process?.env?.BWCHECK_WASM === "0" || wasm === undefined) return kernels;
  try {
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0));
    const ex = new wasm.Instance(new wasm.Module(bytes), {
      env: { abort: () => { throw new Error("bwcheck wasm kernel aborted"); }, hypot: Math.hypot },
    }).exports as unknown as Exports;
    heap = ex.heapBase();
    kernels = ex;
  } catch {
    kernels = null; // an engine without SIMD128 rejects the module: the TypeScript kernels serve
  }
  return kernels;
}

/** Which kernels the matrix products and Jacobi sweeps use: "wasm" (f64x2 SIMD) or "ts" (BWCHECK_WASM=0, or no WebAssembly SIMD). */
export function kernelBackend(): "wasm" | "ts" {
  return load() ? "wasm" : "ts";
}

/** How many products and Jacobi runs the WebAssembly kernels have computed in this process. */
export function wasmKernelCalls(): number {
  return calls;
}

/** How many calls one WebAssembly kernel has served in this process. */
export function wasmKernelCallsOf(kernel: keyof typeof callsOf): number {
  return callsOf[kernel];
}

/** The linear memory as f64, at least `doubles` long past the heap base (grown as needed). */
function memory(ex: Exports, doubles: number): Float64Array {
  const need = heap + 8 * doubles;
  const have = ex.memory.buffer.byteLength;
  if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
  if (f64.buffer !== ex.memory.buffer) f64 = new Float64Array(ex.memory.buffer);
  return f64;
}

/** Copies each [array, offset in f, length] out of the module's memory f into the array's start. */
function copyOut(f: Float64Array, ...parts: [Float64Array, number, number][]): void {
  for (const [to, at, len] of parts) to.set(f.subarray(at, at + len));
}

/** Length of the strided span that holds an r×c operand with element strides (rs, cs). */
function span(r: number, c: number, rs: number, cs: number): number {
  return (r - 1) * rs + (c - 1) * cs + 1;
}

/**
 * C (n×m, row-major) = op(A) op(B), op(A)[i][k] = A[i·ars + k·acs],
 * op(B)[k][j] = B[k·brs + j·bcs]; with `upper` (n = m) only the upper
 * triangle is formed and then mirrored, so C is exactly symmetric. Returns
 * false (and leaves C alone) when the WebAssembly kernel is not available.
 * Needs n, p, m ≥ 1.
 */
export function gemmWasm(A: Float64Array, ars: number, acs: number, B: Float64Array, brs: number, bcs: number,
  C: Float64Array, n: number, p: number, m: number, upper = false): boolean {
  const ex = load();
  if (!ex) return false;
  const la = span(n, p, ars, acs), lb = span(p, m, brs, bcs), lc = n * m;
  const shared = B === A && lb <= la; // A Aᵀ: one copy serves both operands
  const a0 = heap / 8, b0 = shared ? a0 : a0 + la, c0 = b0 + (shared ? la : lb), w0 = (c0 + lc + 1) & ~1; // work 16-byte aligned
  const f = memory(ex, w0 - a0 + 4 * p * (((m + 3) >> 2) + 1));
  f.set(A.subarray(0, la), a0);
  if (!shared) f.set(B.subarray(0, lb), b0);
  ex.gemm(8 * a0, ars, acs, 8 * b0, brs, bcs, 8 * c0, n, p, m, 8 * w0, upper ? 1 : 0);
  C.set(f.subarray(c0, c0 + lc));
  calls++;
  callsOf.gemm++;
  return true;
}

/**
 * The one-sided Jacobi sweeps of svd.ts (jacobiRowsTs) in WebAssembly, the
 * same operations in the same order (bit-identical results): orthogonalises
 * the p rows (length q) of g in place, applying the rotations to the p×p acc,
 * and writes the final rows' squared norms to `norms` (length p).
 * "unavailable" when the kernel is off; g, acc and norms are then untouched.
 */
export function jacobiRowsWasm(g: Float64Array, p: number, q: number, acc: Float64Array, norms: Float64Array, maxSweeps: number): "converged" | "not converged" | "unavailable" {
  const ex = load();
  if (!ex) return "unavailable";
  const g0 = heap / 8, a0 = g0 + p * q, n0 = a0 + p * p, flags0 = n0 + p; // flags: 2p bytes
  const f = memory(ex, flags0 - g0 + Math.ceil(p / 4));
  f.set(g.subarray(0, p * q), g0);
  f.set(acc.subarray(0, p * p), a0);
  const sweeps = ex.jacobiRows(8 * g0, p, q, 8 * a0, 8 * n0, 8 * flags0, maxSweeps);
  copyOut(f, [g, g0, p * q], [acc, a0, p * p], [norms, n0, p]);
  calls++;
  callsOf.jacobi++;
  return sweeps < 0 ? "not converged" : "converged";
}

/**
 * The eigenvectors below the divide and conquer crossover (eigen.ts) in
 * WebAssembly, one call: Q formed from the reflectors (n×n `reflectors`,
 * `taus`; the TypeScript accumulateQTs), then the QL iteration on (d, e)
 * (tridiagonal-ql.ts's tridiagonalQL) with each sweep's rotations applied to
 * Q, which the module keeps transposed so that the rotations of all rows run
 * along contiguous memory; V lands in q, the eigenvalues in d. The same
 * operations in the same order as the TypeScript loops (the rare fallback of
 * hypot calls the engine's Math.hypot, as the TypeScript code does):
 * bit-identical. Returns null (nothing touched) when the kernel is off,
 * else −1, or the index of the eigenvalue for which the QL iteration did not
 * converge.
 */
export function eigenVectorsQLWasm(n: number, reflectors: Float64Array, taus: Float64Array, d: Float64Array, e: Float64Array,
  q: Float64Array): number | null {
  const ex = load();
  if (!ex) return null;
  const nn = n * n;
  const a0 = heap / 8, q0 = a0 + nn, qt0 = q0 + nn, taus0 = qt0 + nn, d0 = taus0 + n, e0 = d0 + n;
  const tp0 = e0 + n, tn0 = tp0 + n, cs0 = tn0 + n, sn0 = cs0 + n;
  const f = memory(ex, sn0 + n - a0);
  f.set(reflectors.subarray(0, nn), a0);
  f.set(taus.subarray(0, n), taus0);
  f.set(d.subarray(0, n), d0);
  f.set(e.subarray(0, n), e0);
  const status = ex.eigenVectorsQL(n, 8 * a0, 8 * taus0, 8 * d0, 8 * e0, 8 * q0, 8 * qt0, 8 * tp0, 8 * tn0, 8 * cs0, 8 * sn0);
  copyOut(f, [q, q0, nn], [d, d0, n], [e, e0, n]);
  calls++;
  callsOf.eigenQL++;
  return status;
}

/**
 * tridiagonal.ts's tridiagonalize (from step 0) in WebAssembly, the same
 * operations in the same order (bit-identical): reduces the row-major n×n
 * `a` in place (reflectors left in it), writing d, e and taus. false
 * (nothing touched) when the kernel is off. Needs n ≥ 1.
 */
export function tridiagonalizeWasm(n: number, a: Float64Array, d: Float64Array, e: Float64Array, taus: Float64Array): boolean {
  const ex = load();
  if (!ex) return false;
  const nn = n * n;
  const a0 = heap / 8, d0 = a0 + nn, e0 = d0 + n, t0 = e0 + n, y0 = t0 + n, w0 = y0 + n;
  const f = memory(ex, w0 + n - a0);
  f.set(a.subarray(0, nn), a0);
  ex.tridiagonalize(n, 8 * a0, 8 * d0, 8 * e0, 8 * t0, 8 * y0, 8 * w0);
  copyOut(f, [a, a0, nn], [d, d0, n], [e, e0, n], [taus, t0, n]);
  calls++;
  callsOf.tridiagonal++;
  return true;
}
