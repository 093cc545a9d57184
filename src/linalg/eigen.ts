/**
 * Symmetric eigen-decomposition A = V diag(λ) Vᵀ, eigenvalues in decreasing
 * order (PAPER.md §1 writes λ_1 ≥ … ≥ λ_n). Algorithms, sources and
 * measurements: docs/eigen.md.
 *
 * 1. Householder reduction to tridiagonal form T = Qᵀ A Q (LAPACK dsytd2,
 *    tridiagonal.ts).
 * 2. Eigenvalues: implicit QL (EISPACK tql2, tridiagonal-ql.ts), O(n²).
 * 3. Eigenvectors, below DIVIDE_CONQUER_FROM: Q formed explicitly, one
 *    reflector at a time, and the QL rotations applied to it. From
 *    DIVIDE_CONQUER_FROM: the eigenvectors Z of T by divide and conquer
 *    (LAPACK dstedc, divide-conquer.ts), then V = Q Z by applying the
 *    reflectors to Z in blocks through gemm (dormtr).
 *
 * Stage 1 and the eigenvectors below DIVIDE_CONQUER_FROM run in WebAssembly
 * f64x2 (assembly/tridiagonal.ts, assembly/eigen.ts; docs/wasm.md) from
 * TRIDIAGONAL_WASM_MIN and QL_WASM_MIN on, the same operations in the same
 * order as the TypeScript loops here, which remain the fallback and oracle.
 *
 * Every stage is backward stable, so the computed pair meets LAPACK's test
 * standard ‖AV − VΛ‖ ≤ O(nε)‖A‖ and ‖VᵀV − I‖ ≤ O(nε).
 * symmetricEigenStaged gives the eigenvalues before forming any
 * eigenvector, for callers that decide from the spectrum.
 */
import { type Matrix, transpose, zeros } from "./matrix.js";
import { tridiagonalEigenDC } from "./divide-conquer.js";
import { gemm } from "./products.js";
import { decreasingOrder } from "./order.js";
import { perSize } from "./scratch.js";
import { tridiagonalize } from "./tridiagonal.js";
import { qlNotConverged, tridiagonalQL } from "./tridiagonal-ql.js";
import { eigenVectorsQLWasm, kernelBackend, tridiagonalizeWasm } from "./wasm/kernels.js";

export type SymmetricEigen = {
  /** λ_1 ≥ λ_2 ≥ … ≥ λ_n */
  readonly values: Float64Array;
  /** V, column i is the unit eigenvector of values[i] */
  readonly vectors: Matrix;
  /** Vᵀ, row i is the unit eigenvector of values[i] */
  readonly vectorsT: Matrix;
};

/**
 * Scratch arrays for one size n, reused across calls so that the hot path
 * allocates nothing (allocation dominates at n ≈ 8). Everything is
 * synchronous, so one workspace per size is enough.
 */
class Workspace {
  readonly work: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly q: Float64Array;
  readonly taus: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
  tPending: Float64Array;
  tNew: Float64Array;
  readonly cs: Float64Array;
  readonly sn: Float64Array;
  /** copies of (d, e) for an eigenvalues-only pass that leaves the tridiagonal intact (symmetricEigenStaged) */
  readonly d2: Float64Array;
  readonly e2: Float64Array;
  /** eigenvectors of the tridiagonal (divide and conquer), allocated on first use */
  z: Float64Array | null = null;
  /** scratch of the blocked back-transformation, allocated on first use */
  blocked: BlockedScratch | null = null;
  constructor(readonly n: number) {
    const m = Math.max(n, 1);
    this.work = new Float64Array(n * n);
    this.q = new Float64Array(n * n);
    [this.d, this.e, this.taus, this.y, this.w, this.tPending, this.tNew, this.cs, this.sn, this.d2, this.e2] = Array.from({ length: 11 }, () => new Float64Array(m));
  }
}

const workspaceFor = perSize((n) => new Workspace(n), 16);

/** Reduction to tridiagonal form (d, e) with the reflectors in ws.work and ws.taus. */
function reduce(ws: Workspace): void {
  if (ws.n >= TRIDIAGONAL_WASM_MIN && tridiagonalizeWasm(ws.n, ws.work, ws.d, ws.e, ws.taus)) return;
  tridiagonalize(ws.n, ws.work, ws.d, ws.e, ws.taus, ws.y, ws.w);
}

/** n from which the reduction runs in WebAssembly (assembly/tridiagonal.ts, bit-identical); measured in docs/eigen.md. */
export const TRIDIAGONAL_WASM_MIN = 8;

/**
 * Q = H_0 H_1 ⋯ H_{n−3} (v_k in row k of `a` from column k+1, v_k[k+1] = 1),
 * accumulated backwards as M ← H_k M (LAPACK dorg2l order): when H_k is
 * applied, only rows and columns > k differ from the identity. H_k M needs
 * t = v_kᵀ M and then M −= τ v_k t; the rank-1 update of H_{k+1} and the sum
 * t for H_k share one pass over the rows, so each reflector streams the
 * block once instead of twice. tPending and tNew are scratch of length n.
 * The TypeScript kernel (fallback and oracle of assembly/eigen.ts).
 */
export function accumulateQTs(n: number, a: Float64Array, taus: Float64Array, q: Float64Array, tPending: Float64Array, tNew: Float64Array): void {
  q.fill(0);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  let pendingTau = 0, pendingRow = -1;
  for (let k = n - 3; k >= -1; k--) {
    // k = −1 only flushes the last pending update
    const s = k + 1;
    const collect = k >= 0 && taus[k] !== 0;
    if (collect) tNew.fill(0, s, n);
    const rowK = k * n;
    for (let i = Math.max(s, 1); i < n; i++) {
      const ri = i * n;
      const f = pendingRow >= 0 && i > pendingRow ? pendingTau * a[pendingRow * n + i] : 0;
      const vi = collect ? a[rowK + i] : 0;
      if (f !== 0 && vi !== 0) {
        for (let j = s; j < n; j++) {
          const x = q[ri + j] - f * tPending[j];
          q[ri + j] = x;
          tNew[j] += vi * x;
        }
      } else if (f !== 0) {
        for (let j = s; j < n; j++) q[ri + j] -= f * tPending[j];
      } else if (vi !== 0) {
        for (let j = s; j < n; j++) tNew[j] += vi * q[ri + j];
      }
    }
    if (collect) {
      const swap = tPending;
      tPending = tNew;
      tNew = swap;
      tPending[k] = 0; // t_k lives on columns > k; the next pass also reads column k
      pendingTau = taus[k];
      pendingRow = k;
    } else {
      pendingRow = -1;
    }
  }
}

/** Scratch of backTransform, allocated on first use. */
class BlockedScratch {
  readonly vt: Float64Array;
  readonly v: Float64Array;
  readonly g = new Float64Array(BLOCK * BLOCK);
  readonly t = new Float64Array(BLOCK * BLOCK);
  readonly w: Float64Array;
  readonly w2: Float64Array;
  readonly c2: Float64Array;
  constructor(n: number) {
    [this.vt, this.v, this.w, this.w2] = [0, 1, 2, 3].map(() => new Float64Array(BLOCK * n));
    this.c2 = new Float64Array(n * n);
  }
}

/** Reflectors per block of the blocked back-transformation. */
const BLOCK = 32;

/**
 * V = Q Z = H_0 ⋯ H_{n−3} Z in blocks of BLOCK reflectors (LAPACK dormtr
 * with dlarft/dlarfb): H_{k0} ⋯ H_{k1−1} = I − Y T Yᵀ with
 * Y = [v_{k0} … v_{k1−1}] and T upper triangular (T_ii = τ_i,
 * T_{0:i, i} = −τ_i T_{0:i, 0:i} Y_{:, 0:i}ᵀ v_i), and each block is applied
 * backwards to rows > k0 of M (from M = Z) as M −= Y (T (Yᵀ M)): products
 * in gemm instead of 2 BLOCK rank-1 passes. The same reflectors as
 * accumulateQ, so the same backward error bound.
 */
function backTransform(ws: Workspace, z: Float64Array): void {
  const { n, work: a, taus, q } = ws;
  q.set(z.subarray(0, n * n));
  ws.blocked ??= new BlockedScratch(n);
  const { vt, v, g, t, w, w2, c2 } = ws.blocked;
  for (let k1 = n - 2; k1 > 0; k1 -= BLOCK) {
    // reflectors k0 … k1−1 (of 0 … n−3) act on rows s … n−1
    const k0 = Math.max(0, k1 - BLOCK), nb = k1 - k0, s = k0 + 1, L = n - s;
    // Y_sub (nb × L): row j is v_{k0+j} on indices s … n−1 (zero before its leading 1 at k0+j+1)
    vt.fill(0, 0, nb * L);
    for (let j = 0; j < nb; j++) {
      const k = k0 + j, row = k * n;
      vt[j * L + (k + 1 - s)] = 1;
      for (let i = k + 2; i < n; i++) vt[j * L + (i - s)] = a[row + i];
    }
    // T (nb × nb, upper triangular) from the Gram matrix G = Y_sub Y_subᵀ (G_ji = v_jᵀ v_i), one gemm
    for (let j = 0; j < nb; j++) for (let c = 0; c < L; c++) v[c * nb + j] = vt[j * L + c];
    gemm(vt, L, 1, v, g, nb, L, nb);
    t.fill(0, 0, BLOCK * BLOCK);
    for (let i = 0; i < nb; i++) {
      const tau = taus[k0 + i];
      t[i * BLOCK + i] = tau;
      if (tau === 0) continue;
      for (let r = 0; r < i; r++) {
        let acc = 0;
        for (let j = r; j < i; j++) acc += t[r * BLOCK + j] * g[j * nb + i];
        t[r * BLOCK + i] = -tau * acc;
      }
    }
    const m = q.subarray(s * n); // rows s … n−1 of M (L × n), contiguous
    gemm(vt, L, 1, m, w, nb, L, n); // W = Yᵀ M (Y_sub holds the v_k as rows: nb × L)
    gemm(t, BLOCK, 1, w, w2, nb, nb, n); // W2 = T W
    gemm(vt, 1, L, w2, c2, L, nb, n); // C2 = Y W2  (L × n)
    for (let i = 0; i < L * n; i++) m[i] -= c2[i];
  }
}

/** Eigenvalues only on copies of (d, e) (scaled, unsorted), leaving the tridiagonal for the vector pass. */
function knownEigenvalues(ws: Workspace): Float64Array {
  ws.d2.set(ws.d);
  ws.e2.set(ws.e);
  tridiagonalQL(ws.n, ws.d2, ws.e2, null, ws.cs, ws.sn);
  return ws.d2;
}

/**
 * n from which the eigenvectors of the tridiagonal come from divide and
 * conquer and are back-transformed in blocks through gemm, instead of QL
 * rotations applied to the formed Q; it depends on the kernels (CPU time,
 * docs/eigen.md). With the WebAssembly kernels (QL vectors, reduction and
 * gemm in wasm) QL is faster up to n = 128, even at 160 and slower from 192;
 * with the TypeScript ones divide and conquer is faster from n ≈ 56.
 */
export const DIVIDE_CONQUER_FROM = { wasm: 160, ts: 48 } as const;

/**
 * n from which (below DIVIDE_CONQUER_FROM) Q is formed and rotated by the
 * WebAssembly kernel (assembly/eigen.ts, bit-identical to the TypeScript
 * loops); measured in docs/eigen.md.
 */
export const QL_WASM_MIN = 6;

/** The eigen-decomposition of the reduced (d, e) and its back-transformation into ws.q (eigenvalues in ws.d). */
function vectorsStage(ws: Workspace): void {
  const { n, d, e, q, cs, sn } = ws;
  if (n >= DIVIDE_CONQUER_FROM[kernelBackend()]) {
    ws.z ??= new Float64Array(n * n);
    tridiagonalEigenDC(n, d, e, ws.z);
    backTransform(ws, ws.z);
  } else {
    const status = n >= QL_WASM_MIN ? eigenVectorsQLWasm(n, ws.work, ws.taus, d, e, q) : null;
    if (status !== null) {
      if (status >= 0) throw new Error(qlNotConverged(status));
      return;
    }
    accumulateQTs(n, ws.work, ws.taus, q, ws.tPending, ws.tNew);
    tridiagonalQL(n, d, e, q, cs, sn);
  }
}

function checkSquare(a: Matrix): void {
  if (a.rows !== a.cols) throw new RangeError(`symmetricEigen: matrix is ${a.rows}×${a.cols}, not square`);
}

/** Copies A/max|a_ij| into the workspace (the algorithms run on max-norm 1); returns the factor. */
function loadScaled(a: Matrix, ws: Workspace): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]));
  if (!Number.isFinite(m)) throw new RangeError("symmetricEigen: matrix has non-finite entries");
  const factor = m === 0 ? 1 : m;
  // divide, not multiply by 1/factor: for a subnormal factor, 1/factor overflows to Infinity
  for (let i = 0; i < ws.work.length; i++) ws.work[i] = a.data[i] / factor;
  return factor;
}

/**
 * Eigenvalues (in no particular order) and the matching eigenvectors (column
 * i of `vectors` for values[i]), without sorting or copying, for hot paths
 * whose use is order-free (traces, spectral functions). The arrays belong to
 * a workspace: they are valid until the next call with the same n.
 */
export function symmetricEigenUnsorted(a: Matrix): { values: Float64Array; vectors: Matrix } {
  checkSquare(a);
  const n = a.rows;
  const ws = workspaceFor(n);
  const factor = loadScaled(a, ws);
  reduce(ws);
  vectorsStage(ws);
  const d = ws.d;
  for (let i = 0; i < n; i++) d[i] *= factor;
  return { values: d, vectors: { rows: n, cols: n, data: ws.q } };
}

/** The two stages of symmetricEigenStaged: eigenvalues now, eigenvectors on request. */
export type StagedEigen = {
  /** the eigenvalues, unsorted (pair eigenvectors with the values `vectors()` returns) */
  readonly values: Float64Array;
  /**
   * Completes the decomposition from the same tridiagonal reduction: the
   * eigenvalues again with the matching eigenvectors. Below
   * DIVIDE_CONQUER_FROM (160 with the WebAssembly kernels, 48 without) these
   * are bitwise the early values in the same order; from there the eigenvectors
   * come from divide and conquer, whose eigenvalues may differ from the
   * early (QL) ones in the last bits and come in another order. The arrays
   * belong to the workspace of size n, so call it before any other
   * eigen-decomposition of that size.
   */
  vectors(): { values: Float64Array; vectors: Matrix };
};

/**
 * Eigenvalues first, eigenvectors only if the caller still wants them: a
 * caller that decides from the spectrum (bures/w-space.ts's lossGradEigen;
 * its lossGrad needs the vectors on both paths and decomposes at once) pays for the tridiagonal reduction and an O(n²) eigenvalue
 * pass, then either forms the vectors from the same reduction or stops; no
 * decomposition is computed twice or thrown away.
 */
export function symmetricEigenStaged(a: Matrix): StagedEigen {
  checkSquare(a);
  const n = a.rows;
  const ws = workspaceFor(n);
  const factor = loadScaled(a, ws);
  reduce(ws);
  const known = knownEigenvalues(ws);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = known[i] * factor;
  return {
    values,
    vectors() {
      vectorsStage(ws);
      const d = ws.d;
      for (let i = 0; i < n; i++) d[i] *= factor;
      return { values: d, vectors: { rows: n, cols: n, data: ws.q } };
    },
  };
}

/** Eigenvalues and eigenvectors of a symmetric matrix (pass it exactly symmetric: only its upper triangle is read). */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const { values: d, vectors: q } = symmetricEigenUnsorted(a);
  const n = d.length;
  const order = decreasingOrder(d);
  const values = new Float64Array(n);
  const v = zeros(n, n);
  for (let r = 0; r < n; r++) {
    const src = order[r];
    values[r] = d[src];
    for (let k = 0; k < n; k++) v.data[k * n + r] = q.data[k * n + src];
  }
  let vt: Matrix | null = null;
  return {
    values,
    vectors: v,
    get vectorsT(): Matrix {
      vt ??= transpose(v);
      return vt;
    },
  };
}

/** Eigenvalues only, decreasing (no accumulation of vectors: about a third of the work). */
export function symmetricEigenvalues(a: Matrix): Float64Array {
  checkSquare(a);
  const ws = workspaceFor(a.rows);
  const factor = loadScaled(a, ws);
  reduce(ws);
  tridiagonalQL(ws.n, ws.d, ws.e, null, ws.cs, ws.sn);
  return Float64Array.from(ws.d, (x) => x * factor).sort().reverse();
}
