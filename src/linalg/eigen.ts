/**
 * Symmetric eigen-decomposition A = V diag(λ) Vᵀ, eigenvalues in decreasing
 * order (PAPER.md §1 writes λ_1 ≥ … ≥ λ_n).
 *
 * Algorithm: Householder reduction to tridiagonal form (LAPACK dsytd2, applied
 * two-sidedly as a rank-2 update), explicit accumulation of the orthogonal
 * factor, then the implicit QL iteration with Wilkinson-type shifts of
 * EISPACK tql2. Both stages are backward stable, so the computed pair meets
 * LAPACK's test standard ‖AV − VΛ‖ ≤ O(nε)‖A‖ and ‖VᵀV − I‖ ≤ O(nε).
 *
 * Storage is chosen for contiguous access: each QL sweep's Givens rotations
 * are recorded, then applied to V one row at a time (see applySweep). From
 * n = 96 the orthogonal factor is formed in blocks of 32 reflectors through
 * gemm (accumulateQBlocked). symmetricEigenStaged gives the eigenvalues before
 * forming any eigenvector, for callers that decide from the spectrum.
 */
import { type Matrix, transpose, zeros } from "./matrix.js";
import { gemm } from "./products.js";

export type SymmetricEigen = {
  /** λ_1 ≥ λ_2 ≥ … ≥ λ_n */
  readonly values: Float64Array;
  /** V, column i is the unit eigenvector of values[i] */
  readonly vectors: Matrix;
  /** Vᵀ, row i is the unit eigenvector of values[i] */
  readonly vectorsT: Matrix;
};

const EPS = 2 ** -52;
/**
 * Off-diagonal entries below this are negligible against the matrix, which is
 * pre-scaled to max-norm 1 (loadScaled): deflate them whatever the local test
 * says. Without it a subnormal coupling next to a zero diagonal entry passed
 * the local test |e| > ε (|d| + |e|) and the shift (d_{l+1} − d_l) / (2 e_l)
 * overflowed to ∞, so [[0, 5e-324], [5e-324, 1]] had NaN eigenvalues.
 */
const NEGLIGIBLE = 1e-290;
/** Is the coupling e large enough to keep, against ε times the norm seen so far? */
function coupled(e: number, tst1: number): boolean {
  const a = Math.abs(e);
  return a > EPS * tst1 && a > NEGLIGIBLE;
}

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
  constructor(readonly n: number) {
    const m = Math.max(n, 1);
    this.work = new Float64Array(n * n);
    this.q = new Float64Array(n * n);
    [this.d, this.e, this.taus, this.y, this.w, this.tPending, this.tNew, this.cs, this.sn, this.d2, this.e2] = Array.from({ length: 11 }, () => new Float64Array(m));
  }
}

const workspaces = new Map<number, Workspace>();

function workspaceFor(n: number): Workspace {
  let ws = workspaces.get(n);
  if (!ws) {
    ws = new Workspace(n);
    if (workspaces.size > 16) workspaces.clear();
    workspaces.set(n, ws);
  }
  return ws;
}

/** √(a² + b²): the direct formula (inputs are pre-scaled to max-norm 1), Math.hypot only if it under- or overflowed. */
function hypot(a: number, b: number): number {
  const r = Math.sqrt(a * a + b * b);
  return r > 1e-150 && r < 1e150 ? r : Math.hypot(a, b);
}

/**
 * Householder vector of x = a[row, from … n−1] (LAPACK dlarfg): H x = β e1,
 * H = I − τ v vᵀ, v_0 = 1. Overwrites x with v; returns τ (0: no reflection)
 * and stores β in e[row].
 */
function householder(a: Float64Array, n: number, row: number, from: number, e: Float64Array): number {
  const base = row * n;
  const x0 = a[base + from];
  let tail = 0;
  for (let j = from + 1; j < n; j++) tail += a[base + j] * a[base + j];
  if (tail === 0) {
    e[row] = x0;
    return 0;
  }
  const norm = Math.sqrt(x0 * x0 + tail);
  const beta = x0 >= 0 ? -norm : norm;
  const inv = 1 / (x0 - beta);
  a[base + from] = 1;
  for (let j = from + 1; j < n; j++) a[base + j] *= inv;
  e[row] = beta;
  return (beta - x0) / beta;
}

/**
 * Reduces the (scaled) symmetric matrix `a` (overwritten; only its upper
 * triangle is read) to tridiagonal form: d = diagonal, e[k] couples k and
 * k+1. When `q` is given, it receives Q (row-major) with A = Q T Qᵀ.
 *
 * Step k reflects row k: v_k from a[k, k+1:], then with y = A22 v_k,
 * p = τ y, w = p − ½τ(pᵀv)v, the trailing block takes A22 −= v wᵀ + w vᵀ
 * (LAPACK dsytd2). The update of step k and the symmetric product A22 v_{k+1}
 * of step k+1 share one pass over the upper triangle: each entry is loaded
 * and stored once per step, where the textbook order streams the full block
 * twice.
 */
function tridiagonalize(ws: Workspace, withQ: boolean): void {
  const { n, work: a, d, e, taus, y, w } = ws;
  taus.fill(0);
  e[Math.max(n - 1, 0)] = 0;
  if (n <= 2) {
    for (let i = 0; i < n; i++) d[i] = a[i * n + i];
    if (n === 2) e[0] = a[1];
  } else {
    // step 0's reflector and y = A22 v_0 (a plain symmetric product)
    d[0] = a[0];
    taus[0] = householder(a, n, 0, 1, e);
    y.fill(0);
    for (let i = 1; i < n; i++) {
      const ri = i * n, ui = a[i];
      let acc = a[ri + i] * ui;
      for (let j = i + 1; j < n; j++) {
        const aij = a[ri + j];
        acc += aij * a[j];
        y[j] += aij * ui;
      }
      y[i] += acc;
    }
    for (let k = 0; k < n - 2; k++) {
      const rowK = k * n, tau = taus[k], s = k + 1;
      // w = τ y − ½ τ² (yᵀv) v
      let yv = 0;
      for (let i = s; i < n; i++) yv += y[i] * a[rowK + i];
      const half = -0.5 * tau * tau * yv;
      for (let i = s; i < n; i++) w[i] = tau * y[i] + half * a[rowK + i];
      // row k+1: update, then it yields the next reflector
      {
        const ri = s * n, vi = a[rowK + s], wi = w[s];
        for (let j = s; j < n; j++) a[ri + j] -= vi * w[j] + wi * a[rowK + j];
      }
      d[s] = a[s * n + s];
      const last = k === n - 3;
      const rowU = s * n;
      const tauNext = last ? 0 : householder(a, n, s, s + 1, e);
      if (!last) taus[s] = tauNext;
      y.fill(0, s + 1, n);
      // rows k+2 …: update (step k) fused with y = A22 v_{k+1} (step k+1)
      for (let i = s + 1; i < n; i++) {
        const ri = i * n, vi = a[rowK + i], wi = w[i];
        const ui = last ? 0 : a[rowU + i];
        const aii = a[ri + i] - 2 * vi * wi;
        a[ri + i] = aii;
        let acc = aii * ui;
        for (let j = i + 1; j < n; j++) {
          const aij = a[ri + j] - (vi * w[j] + wi * a[rowK + j]);
          a[ri + j] = aij;
          acc += aij * a[rowU + j];
          y[j] += aij * ui;
        }
        y[i] += acc;
      }
    }
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 2) * n + n - 1];
    d[n - 1] = a[(n - 1) * n + n - 1];
  }
  if (withQ) formQ(ws);
}

/**
 * Q = H_0 H_1 ⋯ H_{n−3} (v_k in row k of `a` from column k+1, v_k[k+1] = 1),
 * accumulated backwards as M ← H_k M (LAPACK dorg2l order): when H_k is
 * applied, only rows and columns > k differ from the identity. H_k M needs
 * t = v_kᵀ M and then M −= τ v_k t; the rank-1 update of H_{k+1} and the sum
 * t for H_k share one pass over the rows, so each reflector streams the
 * block once instead of twice.
 */
function accumulateQ(ws: Workspace): void {
  const { n, work: a, taus, q } = ws;
  q.fill(0);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  let tPending = ws.tPending, tNew = ws.tNew;
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

/** Reflectors per block of the blocked back-transformation, and the n from which it is used. */
const BLOCK = 32;
const BLOCKED_FROM = 96;

/** Q from the reflectors: blocked (compact WY, products in gemm) for large n, one reflector at a time below. */
function formQ(ws: Workspace): void {
  if (ws.n >= BLOCKED_FROM) accumulateQBlocked(ws);
  else accumulateQ(ws);
}

/**
 * Q = H_0 ⋯ H_{n−3} in blocks of BLOCK reflectors (LAPACK dorgtr/dlarft/dlarfb):
 * H_{k0} ⋯ H_{k1−1} = I − V T Vᵀ with V = [v_{k0} … v_{k1−1}] and T upper
 * triangular (T_ii = τ_i, T_{0:i, i} = −τ_i T_{0:i, 0:i} V_{:, 0:i}ᵀ v_i), and
 * each block is applied backwards to the trailing part (rows and columns
 * > k0) of M as M −= V (T (Vᵀ M)): two products in the register-blocked gemm
 * instead of 2 BLOCK rank-1 passes. The same reflectors in the same order as
 * accumulateQ, so the same backward error bound.
 */
function accumulateQBlocked(ws: Workspace): void {
  const { n, work: a, taus, q } = ws;
  q.fill(0);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const nr = n - 2; // reflectors 0 … n−3
  const vt = new Float64Array(BLOCK * n), t = new Float64Array(BLOCK * BLOCK);
  const msub = new Float64Array(n * n), w = new Float64Array(BLOCK * n), w2 = new Float64Array(BLOCK * n), c2 = new Float64Array(n * n);
  for (let k1 = nr; k1 > 0; k1 -= BLOCK) {
    const k0 = Math.max(0, k1 - BLOCK), nb = k1 - k0, s = k0 + 1, L = n - s;
    // V_sub (nb × L): row j is v_{k0+j} on indices s … n−1 (zero before its leading 1 at k0+j+1)
    vt.fill(0, 0, nb * L);
    for (let j = 0; j < nb; j++) {
      const k = k0 + j, row = k * n;
      vt[j * L + (k + 1 - s)] = 1;
      for (let i = k + 2; i < n; i++) vt[j * L + (i - s)] = a[row + i];
    }
    // T (nb × nb, upper triangular)
    t.fill(0, 0, BLOCK * BLOCK);
    for (let i = 0; i < nb; i++) {
      const tau = taus[k0 + i];
      t[i * BLOCK + i] = tau;
      if (tau === 0) continue;
      for (let j = 0; j < i; j++) {
        // x_j = v_jᵀ v_i
        let x = 0;
        for (let c = 0; c < L; c++) x += vt[j * L + c] * vt[i * L + c];
        w[j] = x;
      }
      for (let r = 0; r < i; r++) {
        let acc = 0;
        for (let j = r; j < i; j++) acc += t[r * BLOCK + j] * w[j];
        t[r * BLOCK + i] = -tau * acc;
      }
    }
    // pack M's trailing L×L block
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) msub[i * L + j] = q[(s + i) * n + s + j];
    gemm(vt, L, 1, msub, w, nb, L, L); // W = Vᵀ M (V_sub holds the v_k as rows: nb × L)
    gemm(t, BLOCK, 1, w, w2, nb, nb, L); // W2 = T W
    gemm(vt, 1, L, w2, c2, L, nb, L); // C2 = V W2  (L × L)
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) q[(s + i) * n + s + j] = msub[i * L + j] - c2[i * L + j];
  }
}

/**
 * Implicit QL on the tridiagonal (d, e) (EISPACK tql2). When v (row-major
 * n×n) is given, each sweep's rotations are recorded and then applied row by
 * row of V in one fused pass: for row k the sweep is the recurrence
 *   V[k][i+1] ← s_i V[k][i] + c_i carry,  carry ← c_i V[k][i] − s_i carry,
 * which reads and writes each entry once, contiguously, instead of touching
 * two strided columns per rotation. Leaves eigenvalues unsorted in d.
 */
function tridiagonalQL(ws: Workspace, withVectors: boolean, d = ws.d, e = ws.e): void {
  const { n, cs, sn } = ws;
  const v = withVectors ? ws.q : null;
  let f = 0, tst1 = 0;
  const maxIter = 60;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && coupled(e[m], tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > maxIter) throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cs[i] = c;
          sn[i] = s;
        }
        if (v) applySweep(v, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (coupled(e[l], tst1));
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * n from which the eigenvectors come from a QL run with known shifts
 * (tridiagonalQLKnown): measured (CPU time) 15 % faster at n = 128–256, no
 * gain at 32–64, where the extra eigenvalue pass costs what it saves.
 */
const KNOWN_SHIFTS_FROM = 96;

/**
 * Implicit QL with eigenvectors when the eigenvalues are already known (from
 * an eigenvalues-only tql2 pass on a copy of (d, e), O(n²)): the first two
 * shifts of each eigenvalue are the known eigenvalue nearest to the Wilkinson
 * estimate (then Wilkinson's own), so an eigenvalue typically deflates after
 * fewer sweeps (measured: 1.4 per eigenvalue instead of 2.0, 0.75 n²
 * rotations instead of 1.06 n²) applied to V, which dominate the cost. The sweep is Numerical Recipes' tqli (its closing step
 * holds for any shift, unlike tql2's), with tql2's deflation test. Each sweep
 * is an orthogonal similarity, so the backward error is that of tql2; the
 * shifts change only how many sweeps are needed.
 */
function tridiagonalQLKnown(ws: Workspace, known: Float64Array): void {
  const { n, d, e, cs, sn, q: v } = ws;
  const maxIter = 60;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let iter = 0;
    for (;;) {
      let m = l;
      while (m < n - 1 && coupled(e[m], tst1)) m++;
      if (m === l) break;
      if (++iter > maxIter) throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = hypot(g, 1);
      let shift = d[l] - e[l] / (g + (g >= 0 ? r : -r));
      if (iter <= 2) {
        let best = known[0];
        for (let i = 1; i < n; i++) if (Math.abs(known[i] - shift) < Math.abs(best - shift)) best = known[i];
        shift = best;
      }
      g = d[m] - shift;
      let s = 1, c = 1, p = 0, i = m - 1, early = false;
      for (; i >= l; i--) {
        const f = s * e[i], b = c * e[i];
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          early = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[i] = c;
        sn[i] = s;
      }
      applySweep(v, n, early ? i + 1 : l, m, cs, sn);
      if (early) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/** Eigenvalues only on copies of (d, e) (scaled, unsorted), leaving the tridiagonal for the vector pass. */
function knownEigenvalues(ws: Workspace): Float64Array {
  ws.d2.set(ws.d);
  ws.e2.set(ws.e);
  tridiagonalQL(ws, false, ws.d2, ws.e2);
  return ws.d2;
}

/** Q and the eigen-decomposition of the reduced (d, e), with known shifts from KNOWN_SHIFTS_FROM (`known`: the eigenvalues if already computed). */
function vectorsStage(ws: Workspace, known: Float64Array | null): void {
  formQ(ws);
  if (ws.n >= KNOWN_SHIFTS_FROM) tridiagonalQLKnown(ws, known ?? knownEigenvalues(ws));
  else tridiagonalQL(ws, true);
}

/**
 * Applies the rotations (i, i+1) for i = m−1 down to l to the columns of V
 * (see tridiagonalQL). Four rows at a time: the recurrence is a dependency
 * chain, and four independent chains keep the multiplier busy.
 */
function applySweep(v: Float64Array, n: number, l: number, m: number, cs: Float64Array, sn: Float64Array): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const r0 = k * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    let c0 = v[r0 + m], c1 = v[r1 + m], c2 = v[r2 + m], c3 = v[r3 + m];
    for (let i = m - 1; i >= l; i--) {
      const c = cs[i], s = sn[i];
      const a0 = v[r0 + i], a1 = v[r1 + i], a2 = v[r2 + i], a3 = v[r3 + i];
      v[r0 + i + 1] = s * a0 + c * c0;
      v[r1 + i + 1] = s * a1 + c * c1;
      v[r2 + i + 1] = s * a2 + c * c2;
      v[r3 + i + 1] = s * a3 + c * c3;
      c0 = c * a0 - s * c0;
      c1 = c * a1 - s * c1;
      c2 = c * a2 - s * c2;
      c3 = c * a3 - s * c3;
    }
    v[r0 + l] = c0;
    v[r1 + l] = c1;
    v[r2 + l] = c2;
    v[r3 + l] = c3;
  }
  for (; k < n; k++) {
    const row = k * n;
    let carry = v[row + m];
    for (let i = m - 1; i >= l; i--) {
      const vi = v[row + i], c = cs[i], s = sn[i];
      v[row + i + 1] = s * vi + c * carry;
      carry = c * vi - s * carry;
    }
    v[row + l] = carry;
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
  tridiagonalize(ws, false);
  vectorsStage(ws, null);
  const d = ws.d;
  for (let i = 0; i < n; i++) d[i] *= factor;
  return { values: d, vectors: { rows: n, cols: n, data: ws.q } };
}

/** The two stages of symmetricEigenStaged: eigenvalues now, eigenvectors on request. */
export type StagedEigen = {
  /** the eigenvalues, unsorted (in the order `vectors()` will pair them with its columns) */
  readonly values: Float64Array;
  /**
   * Completes the decomposition from the same tridiagonal reduction: the
   * eigenvalues again (bitwise the same below n = 96; from there the vector
   * pass uses them as shifts and its own may differ in the last bits) and the
   * matching eigenvectors. The arrays belong to the workspace of size n, so
   * call it before any other eigen-decomposition of that size.
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
  tridiagonalize(ws, false);
  const known = knownEigenvalues(ws);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = known[i] * factor;
  return {
    values,
    vectors() {
      vectorsStage(ws, known);
      const d = ws.d;
      for (let i = 0; i < n; i++) d[i] *= factor;
      return { values: d, vectors: { rows: n, cols: n, data: ws.q } };
    },
  };
}

/** Indices ordering `d` decreasingly (insertion sort: n is small, and it is stable). */
function decreasingOrder(d: Float64Array): Int32Array {
  const order = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    let j = i;
    while (j > 0 && d[order[j - 1]] < d[i]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  return order;
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
  tridiagonalize(ws, false);
  tridiagonalQL(ws, false);
  return Float64Array.from(ws.d, (x) => x * factor).sort().reverse();
}
