/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T by
 * Cuppen's divide and conquer, as in LAPACK dstedc/dlaed0–dlaed3 with the
 * Gu–Eisenstat recomputation of z (Gu & Eisenstat, SIAM J. Matrix Anal.
 * Appl. 16 (1995) 172–191), which makes the eigenvectors numerically
 * orthogonal without extra precision.
 *
 * Tearing: with β = e_{n1−1} the coupling between the halves,
 *   T = diag(T1 − |β| e_last e_lastᵀ, T2 − |β| e_1 e_1ᵀ) + |β| v vᵀ,
 *   v = [e_last; sign(β) e_1].
 * If Ti' = Qi Di Qiᵀ (recursively; implicit QL (tridiagonal-ql.ts) below
 * LEAF), then T = Q (D + ρ z zᵀ) Qᵀ with Q = diag(Q1, Q2),
 * z = Qᵀ v / √2 = [last row of Q1; sign(β) first row of Q2] / √2, ρ = 2|β|.
 *
 * Merge (dlaed2, dlaed3): deflation first — a z_i with ρ|z_i| ≤ tol, or two
 * close δ's (a Givens rotation zeroing one z component when its effect
 * |(δ_j − δ_i) c s| ≤ tol), tol = 8 ε max(max|δ|, max|z|) — keeps δ_i and
 * the column of Q as an eigenpair. The other k eigenvalues are the roots of
 * the secular equation (secular.ts); z is recomputed from them (Löwner),
 *   ẑ_i² = −(δ_i − λ_i) Π_{j≠i} (δ_i − λ_j)/(δ_i − δ_j),
 * so that the computed λ are the exact eigenvalues of D + ρ ẑ ẑᵀ, and the
 * eigenvectors u_j = (ẑ_i/(δ_i − λ_j))_i / ‖·‖ are orthogonal to working
 * accuracy. The new eigenvectors are Q U, formed by two gemm products: the
 * columns of Q from Q1 only (type 1), mixed by a deflating rotation
 * (type 2) and from Q2 only (type 3) are grouped, so the top n1 rows need
 * only types 1–2 and the bottom n2 rows types 2–3 (dlaed2's column types).
 *
 * Storage as in dlaed0: each subproblem's eigenvectors live in its diagonal
 * block of the n×n result, and a merge overwrites the block of its two
 * halves; the scratch arrays are allocated once per size.
 */
import { gemm } from "./products.js";
import { solveSecular } from "./secular.js";
import { NEGLIGIBLE, tridiagonalQL } from "./tridiagonal-ql.js";
import { perSize } from "./scratch.js";

const EPS = 2 ** -52;
/** Subproblems up to this order are solved by implicit QL (LAPACK's SMLSIZ is 25). */
export const LEAF = 25;

/**
 * Eigen-decomposition of the tridiagonal (d, e) of order n (e[i] couples i
 * and i+1): d receives the eigenvalues (unsorted), z (row-major n×n) the
 * eigenvectors as columns, z[r n + j] for eigenvalue d[j]. Overwrites e.
 * The matrix is expected pre-scaled to max-norm about 1 (eigen.ts).
 */
export function tridiagonalEigenDC(n: number, d: Float64Array, e: Float64Array, z: Float64Array): void {
  z.fill(0, 0, n * n);
  const s = scratchFor(n);
  // split where a coupling is negligible (dstedc): |e_i| ≤ ε √|d_i| √|d_{i+1}|
  let start = 0;
  for (let i = 0; i < n; i++) {
    const last = i === n - 1 || Math.abs(e[i]) <= NEGLIGIBLE || Math.abs(e[i]) <= EPS * Math.sqrt(Math.abs(d[i])) * Math.sqrt(Math.abs(d[i + 1]));
    if (!last) continue;
    e[i] = 0;
    solveBlock(s, z, n, start, i + 1 - start, d, e);
    start = i + 1;
  }
}

/** Scratch for one order n: the merges run one at a time, so each array serves them all. */
class Scratch {
  readonly top: Float64Array;
  readonly bottom: Float64Array;
  readonly delta: Float64Array;
  readonly u: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly vecs: Float64Array[];
  readonly type: Uint8Array;
  constructor(n: number) {
    const half = (n >> 1) + 1;
    this.top = new Float64Array(half * n);
    this.bottom = new Float64Array(half * n);
    this.delta = new Float64Array(n * n);
    this.u = new Float64Array(n * n);
    this.a = new Float64Array(half * n);
    this.b = new Float64Array(n * n);
    this.c = new Float64Array(half * n);
    // z, values, dl, w, lambda, zz, p, zh, cs, sn
    this.vecs = Array.from({ length: 10 }, () => new Float64Array(n));
    this.type = new Uint8Array(n);
  }
}

const scratchFor = perSize((n) => new Scratch(n), 8);

/**
 * Eigen-decomposition of the unreduced block lo … lo+m−1 of (d, e): the
 * eigenvalues into d[lo …], the eigenvectors into the diagonal block of z
 * (row-major, leading dimension ld).
 */
function solveBlock(s: Scratch, z: Float64Array, ld: number, lo: number, m: number, d: Float64Array, e: Float64Array): void {
  if (m <= LEAF) {
    const q = s.u; // free between merges
    q.fill(0, 0, m * m);
    for (let i = 0; i < m; i++) q[i * m + i] = 1;
    tridiagonalQL(m, d.subarray(lo, lo + m), e.subarray(lo, lo + m), q, s.vecs[8], s.vecs[9]);
    for (let r = 0; r < m; r++) z.set(q.subarray(r * m, r * m + m), (lo + r) * ld + lo);
    return;
  }
  const n1 = m >> 1;
  const beta = e[lo + n1 - 1];
  d[lo + n1 - 1] -= Math.abs(beta);
  d[lo + n1] -= Math.abs(beta);
  solveBlock(s, z, ld, lo, n1, d, e);
  solveBlock(s, z, ld, lo + n1, m - n1, d, e);
  merge(s, z, ld, lo, m, n1, d, beta);
}

const TOP = 1, MIXED = 2, BOTTOM = 3, DEFLATED = 4;

/**
 * Eigen-decomposition of Q (D + ρ z zᵀ) Qᵀ from those of the two halves
 * (d[lo …] holds D = [D1; D2] on entry, the merged eigenvalues on return;
 * the block of z holds diag(Q1, Q2) on entry, the merged vectors on return).
 */
function merge(s: Scratch, zq: Float64Array, ld: number, lo: number, m: number, n1: number, dAll: Float64Array, beta: number): void {
  const n2 = m - n1;
  const d = dAll.subarray(lo, lo + m);
  const [z, values, dl, w, lambda, zz, p, zh] = s.vecs;
  const { top, bottom, type } = s;
  const r2 = Math.SQRT1_2, sgn = beta >= 0 ? r2 : -r2;
  for (let i = 0; i < n1; i++) z[i] = r2 * zq[(lo + n1 - 1) * ld + lo + i];
  for (let i = 0; i < n2; i++) z[n1 + i] = sgn * zq[(lo + n1) * ld + lo + n1 + i];
  const rho = 2 * Math.abs(beta);
  // Q = diag(Q1, Q2) as its top n1 rows and bottom n2 rows (row-major, m columns)
  for (let r = 0; r < n1; r++) {
    const row = (lo + r) * ld + lo;
    top.set(zq.subarray(row, row + n1), r * m);
    top.fill(0, r * m + n1, r * m + m);
  }
  for (let r = 0; r < n2; r++) {
    const row = (lo + n1 + r) * ld + lo + n1;
    bottom.fill(0, r * m, r * m + n1);
    bottom.set(zq.subarray(row, row + n2), r * m + n1);
  }
  type.fill(TOP, 0, n1);
  type.fill(BOTTOM, n1, m);
  const indx = Array.from({ length: m }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  let dmax = 0, zmax = 0;
  for (let i = 0; i < m; i++) {
    dmax = Math.max(dmax, Math.abs(d[i]));
    zmax = Math.max(zmax, Math.abs(z[i]));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  const kept: number[] = [], deflated: number[] = [];
  if (rho * zmax <= tol) {
    for (let i = 0; i < m; i++) deflated.push(i);
  } else {
    let pj = -1;
    for (const nj of indx) {
      if (rho * Math.abs(z[nj]) <= tol) {
        type[nj] = DEFLATED;
        deflated.push(nj);
        continue;
      }
      if (pj < 0) {
        pj = nj;
        continue;
      }
      // two close eigenvalues: rotate so that z_pj = 0
      const tau = Math.hypot(z[nj], z[pj]);
      const c = z[nj] / tau, sn = -z[pj] / tau;
      if (Math.abs((d[nj] - d[pj]) * c * sn) <= tol) {
        z[nj] = tau;
        z[pj] = 0;
        if (type[nj] !== type[pj]) type[nj] = MIXED;
        type[pj] = DEFLATED;
        rotateColumns(top, n1, m, pj, nj, c, sn);
        rotateColumns(bottom, n2, m, pj, nj, c, sn);
        const t = d[pj] * c * c + d[nj] * sn * sn;
        d[nj] = d[pj] * sn * sn + d[nj] * c * c;
        d[pj] = t;
        deflated.push(pj);
      } else {
        kept.push(pj);
      }
      pj = nj;
    }
    if (pj >= 0) kept.push(pj);
  }
  const k = kept.length;
  // deflated pairs keep their δ and column of Q
  for (let t = 0; t < deflated.length; t++) values[k + t] = d[deflated[t]];
  writeColumns(zq, ld, lo, lo + k, top, n1, m, deflated);
  writeColumns(zq, ld, lo + n1, lo + k, bottom, n2, m, deflated);
  if (k > 0) {
    for (let i = 0; i < k; i++) {
      dl[i] = d[kept[i]];
      w[i] = z[kept[i]];
    }
    solveSecular(k, dl, w, rho, lambda, s.delta, zz, p);
    secularVectors(k, dl, w, s.delta, s.u, zh);
    for (let j = 0; j < k; j++) values[j] = lambda[j];
    // Q U in two products over the row halves, with columns grouped by type
    const order: number[] = [];
    for (const ty of [TOP, MIXED, BOTTOM]) for (let i = 0; i < k; i++) if (type[kept[i]] === ty) order.push(i);
    let c1 = 0, c3 = 0;
    for (const i of order) {
      if (type[kept[i]] === TOP) c1++;
      else if (type[kept[i]] === BOTTOM) c3++;
    }
    const c2 = k - c1 - c3;
    productRows(s, zq, ld, lo, lo, n1, top, m, kept, order.slice(0, c1 + c2), k);
    productRows(s, zq, ld, lo + n1, lo, n2, bottom, m, kept, order.slice(c1, c1 + c2 + c3), k);
  }
  d.set(values.subarray(0, m));
}

/** Columns i and j of the row-major rows × m matrix x ← (c x_i + s x_j, c x_j − s x_i) (LAPACK drot). */
function rotateColumns(x: Float64Array, rows: number, m: number, i: number, j: number, c: number, s: number): void {
  for (let r = 0; r < rows; r++) {
    const a = x[r * m + i], b = x[r * m + j];
    x[r * m + i] = c * a + s * b;
    x[r * m + j] = c * b - s * a;
  }
}

/** The listed columns of the row-major rows × m matrix x into z's rows r0 …, columns c0, c0+1, …. */
function writeColumns(zq: Float64Array, ld: number, r0: number, c0: number, x: Float64Array, rows: number, m: number, list: number[]): void {
  const n = list.length;
  for (let r = 0; r < rows; r++) {
    const out = (r0 + r) * ld + c0, src = r * m;
    for (let t = 0; t < n; t++) zq[out + t] = x[src + list[t]];
  }
}

/**
 * Rows r0 … r0+rows−1, columns c0 … c0+k−1 of z: Σ over the listed columns
 * `idx` (positions in `kept`) of x's column (x row-major rows × m) times U's
 * row, as one gemm on packed operands.
 */
function productRows(s: Scratch, zq: Float64Array, ld: number, r0: number, c0: number, rows: number, x: Float64Array, m: number, kept: number[], idx: number[], k: number): void {
  const p = idx.length;
  if (p === 0) {
    // no column of the group reaches these rows
    for (let r = 0; r < rows; r++) zq.fill(0, (r0 + r) * ld + c0, (r0 + r) * ld + c0 + k);
    return;
  }
  const { a, b, c, u } = s;
  for (let r = 0; r < rows; r++) {
    const src = r * m, dst = r * p;
    for (let t = 0; t < p; t++) a[dst + t] = x[src + kept[idx[t]]];
  }
  for (let t = 0; t < p; t++) b.set(u.subarray(idx[t] * k, idx[t] * k + k), t * k);
  gemm(a, p, 1, b, c, rows, p, k);
  for (let r = 0; r < rows; r++) zq.set(c.subarray(r * k, r * k + k), (r0 + r) * ld + c0);
}

/**
 * Eigenvectors of D + ρ ẑ ẑᵀ into u (row-major k×k, column j for λ_j) from
 * the differences δ_i − λ_j (delta[i k + j]), with ẑ recomputed by Löwner's
 * formula (dlaed3).
 */
function secularVectors(k: number, dl: Float64Array, w: Float64Array, delta: Float64Array, u: Float64Array, zh: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let prod = delta[i * k + i];
    for (let j = 0; j < k; j++) if (j !== i) prod *= delta[i * k + j] / (dl[i] - dl[j]);
    const mag = Math.sqrt(Math.abs(prod));
    zh[i] = w[i] >= 0 ? mag : -mag;
  }
  for (let i = 0; i < k; i++) {
    const zi = zh[i], row = i * k;
    for (let j = 0; j < k; j++) u[row + j] = zi / delta[row + j];
  }
  const norms = delta; // no longer needed: reuse its first row for the column norms
  norms.fill(0, 0, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) norms[j] += u[i * k + j] * u[i * k + j];
  for (let j = 0; j < k; j++) norms[j] = 1 / Math.sqrt(norms[j]);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) u[i * k + j] *= norms[j];
}
