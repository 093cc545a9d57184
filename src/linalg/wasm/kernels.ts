/**
 * The WebAssembly (f64x2 SIMD) kernels, matrix products (assembly/gemm.ts)
 * and one-sided Jacobi sweeps (assembly/jacobi.ts), built from assembly/
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
  jacobiRows(g: number, p: number, q: number, acc: number, norms: number, maxSweeps: number): number;
};

let kernels: Exports | null | undefined;
let heap = 0;
let f64 = new Float64Array(0);
let calls = 0;

function load(): Exports | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; WebAssembly?: WasmApi };
  const wasm = g.WebAssembly;
  if (g.process?.env?.BWCHECK_WASM === "0" || wasm === undefined) return kernels;
  try {
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0));
    const ex = new wasm.Instance(new wasm.Module(bytes), {
      env: { abort: () => { throw new Error("bwcheck wasm kernel aborted"); } },
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

/** The linear memory as f64, at least `doubles` long past the heap base (grown as needed). */
function memory(ex: Exports, doubles: number): Float64Array {
  const need = heap + 8 * doubles;
  const have = ex.memory.buffer.byteLength;
  if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
  if (f64.buffer !== ex.memory.buffer) f64 = new Float64Array(ex.memory.buffer);
  return f64;
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
  return true;
}

/**
 * The one-sided Jacobi sweeps of svd.ts (jacobiRows) in WebAssembly, the
 * same operations in the same order (bit-identical results): orthogonalises
 * the p rows (length q) of g in place, applying the rotations to the p×p acc.
 * "unavailable" when the kernel is off; g and acc are then untouched.
 */
export function jacobiRowsWasm(g: Float64Array, p: number, q: number, acc: Float64Array, maxSweeps: number): "converged" | "not converged" | "unavailable" {
  const ex = load();
  if (!ex) return "unavailable";
  const g0 = heap / 8, a0 = g0 + p * q, n0 = a0 + p * p;
  const f = memory(ex, n0 - g0 + p);
  f.set(g.subarray(0, p * q), g0);
  f.set(acc.subarray(0, p * p), a0);
  const sweeps = ex.jacobiRows(8 * g0, p, q, 8 * a0, 8 * n0, maxSweeps);
  g.set(f.subarray(g0, g0 + p * q));
  acc.set(f.subarray(a0, a0 + p * p));
  calls++;
  return sweeps < 0 ? "not converged" : "converged";
}
