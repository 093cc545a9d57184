/**
 * Adversarial review of the rank rule (bures/nuclear.ts; docs/accuracy.md,
 * "Rank decisions"): a computed σ_i of Y = R0 X counts as zero iff
 *   σ_i ≤ 2 ε (M_ii + ε Σ_{j<i} M_ij M_ji / σ_j),   M = |U|ᵀ N |V|,
 * N the componentwise rounding bound of Y. Two ways it can be wrong: a
 * rounding-noise σ kept (a gradient where L is not differentiable) or a real
 * σ dropped (a refused gradient, a wrong value). The first block holds the
 * rule to what it claims on the kinds of input it was built for; the last
 * block holds the failures found in review: wrong gradients and gradients
 * where L is not differentiable, because the SVD does not resolve σ's below
 * about 64·max(n, q)·ε·σ_1 (fixed: nuclear.ts, resolvedRank, which refuses
 * to decide there). What is still not achieved is an `it.fails` (when it is,
 * it turns red and must become `it`).
 *
 * Exact inputs: W = D1 H D2 with H Sylvester–Hadamard (±1) and D1, D2 powers
 * of two is stored exactly. Whether its gradient is determined by the stored
 * entries is measured, not assumed: the fixture
 * (test/fixtures/rank-adversarial.json, scripts/gen-rank-adversarial.py,
 * mpmath at 90 digits) holds the polar factor P and how far one rounding per
 * entry of W moves ∇L = 2 (W − P) (at most 8.3e-12 relative over its cases).
 * With one row of H copied onto another, W has rank n − 1 exactly, so L is
 * not differentiable there, whatever its grading.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NotDifferentiableError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import { wNuclearPoint } from "../src/bures/w-space.js";
import { fromRows, hconcat, identity, type Matrix, sliceCols, toRows } from "../src/linalg/matrix.js";
import { add, frobeniusNorm, scale, sub } from "../src/linalg/ops.js";
import { matmul, matmulABt, scaleColumns } from "../src/linalg/products.js";
import { randomNormal, randomOrthogonal, randomWithSpectrum, rng, type Rng } from "../src/linalg/random.js";
import { balancedClose, balancedRandom } from "../src/network/init.js";

const relErr = (a: Matrix, b: Matrix): number => frobeniusNorm(sub(a, b)) / frobeniusNorm(b);

/** Sylvester–Hadamard matrix of order n (a power of two), rows as arrays. */
function hadamard(n: number): number[][] {
  let h = [[1]];
  while (h.length < n) h = [...h.map((r) => [...r, ...r]), ...h.map((r) => [...r, ...r.map((x) => -x)])];
  return h;
}

/** W_ij = H_ij 2^(d1_i + d2_j): exact in double precision. */
function gradedHadamard(h: number[][], d1: readonly number[], d2: readonly number[]): Matrix {
  return fromRows(h.map((row, i) => row.map((x, j) => x * 2 ** (d1[i] + d2[j]))));
}

/** a × b with singular values spread log-evenly from 1 down to 1/cond (formed in double precision). */
function withCondition(a: number, b: number, cond: number, r: Rng): Matrix {
  const k = Math.min(a, b);
  const s = Array.from({ length: k }, (_, i) => cond ** (-i / Math.max(k - 1, 1)));
  return matmulABt(scaleColumns(sliceCols(randomOrthogonal(a, r), 0, k), s), sliceCols(randomOrthogonal(b, r), 0, k));
}

/** A symmetric Σ0 = Q diag(λ) Qᵀ (Haar Q), exactly symmetric as stored. */
function target(spectrum: number[], r: Rng): Matrix {
  const s = randomWithSpectrum(spectrum, r);
  const n = s.rows;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) s.data[i * n + j] = s.data[j * n + i];
  return s;
}

describe("what the rule claims holds on the inputs it was built for", () => {
  it("products W_N ⋯ W_1 of rank r formed in doubles (N = 2…6, plain, scaled by 1e±30, factors of condition 1e6) read as rank r", () => {
    const r = rng(2024);
    let cases = 0;
    for (const n of [3, 8, 16]) {
      const t = bwTarget(target(Array.from({ length: n }, (_, i) => 1 + i), r));
      for (const N of [2, 3, 6]) {
        for (const mode of ["plain", "scaled", "ill-conditioned"] as const) {
          const rank = 1 + Math.floor(r.next() * (n - 1));
          const widths = [n, rank, ...Array.from({ length: N - 2 }, () => n + Math.floor(r.next() * 3)), n];
          let w: Matrix | null = null;
          for (let j = 0; j < N; j++) {
            let layer = mode === "ill-conditioned" ? withCondition(widths[j + 1], widths[j], 1e6, r) : randomNormal(widths[j + 1], widths[j], r);
            if (mode === "scaled") layer = scale(layer, 10 ** Math.round((r.next() - 0.5) * 60));
            w = w ? matmul(layer, w) : layer;
          }
          // never above r (no rounding kept); equal to r unless the factors' conditioning (1e6 per factor)
          // pushed σ_r itself below the rounding of the product, where it cannot be told from it
          const read = wNuclearPoint(t.factors, w as Matrix, 0, false).rank;
          if (mode === "ill-conditioned") expect(read).toBeLessThanOrEqual(rank);
          else expect(read).toBe(rank);
          expect(() => t.grad(w as Matrix)).toThrow(NotDifferentiableError);
          cases++;
        }
      }
    }
    expect(cases).toBe(27);
  });

  it("W = a bᵀ with entries spread over 1e±150 reads as rank 1, against Σ0 scaled by 1, 1e±150, 1e-300", () => {
    const r = rng(11);
    for (const n of [2, 3, 8]) {
      for (const s0 of [1, 1e-150, 1e150, 1e-300]) {
        const t = bwTarget(scale(target(Array.from({ length: n }, (_, i) => 1 + i), r), s0));
        for (let k = 0; k < 4; k++) {
          const ea = Math.round((r.next() - 0.5) * 300), eb = Math.round((r.next() - 0.5) * 300);
          const a = randomNormal(n, 1, r), b = randomNormal(n, 1, r);
          for (let i = 0; i < n; i++) {
            a.data[i] *= 10 ** (ea / 2 + (r.next() - 0.5) * 20);
            b.data[i] *= 10 ** (eb / 2 - ea / 2 + (r.next() - 0.5) * 20);
          }
          const w = matmulABt(a, b);
          expect(wNuclearPoint(t.factors, w, 0, false).rank).toBe(1);
        }
      }
    }
  });

  it("singular Σ0 (rank k of n, spread 1…1e-12), W = Ω⊥ B from the library's own null space: R0 W reads as 0 (τ = 0) and Y as rank k (τ = 0.1)", () => {
    const r = rng(31);
    for (const n of [3, 8, 16]) {
      for (const spread of [1, 1e-8, 1e-12]) {
        const k = 1 + Math.floor(r.next() * (n - 1));
        const t = bwTarget(target(Array.from({ length: n }, (_, i) => (i < k ? spread ** (i / Math.max(k - 1, 1)) : 0)), r));
        expect(t.factors.rank).toBe(k);
        const w = matmul(sliceCols(t.eigenvectors, k, n), randomNormal(n - k, 1 + Math.floor(r.next() * n), r));
        expect(wNuclearPoint(t.factors, w, 0, false).rank).toBe(0);
        expect(() => t.grad(w)).toThrow(NotDifferentiableError);
        expect(wNuclearPoint(t.factors, w, 0.1, false).rank).toBe(k);
      }
    }
  });

  it("singular Σ0 = Q diag(λ, 0) Qᵀ formed in doubles (λ in [1, 2]), W = Q⊥ B with the caller's Q: R0 W reads as 0 and grad throws", () => {
    // the caller's Q⊥ is the null space only up to the rounding of Σ0 (angle ≈ ε ‖Σ0‖ / λ_k); with a
    // well-conditioned nonzero part that stays inside the rule's bound (the old rule kept σ₁ always)
    const r = rng(32);
    for (const n of [3, 8, 16, 32]) {
      for (let k = 0; k < 3; k++) {
        const rank = 1 + Math.floor(r.next() * (n - 1));
        const q = randomOrthogonal(n, r);
        const sigma0 = matmulABt(scaleColumns(q, Array.from({ length: n }, (_, i) => (i < rank ? 1 + r.next() : 0))), q);
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) sigma0.data[i * n + j] = sigma0.data[j * n + i];
        const t = bwTarget(sigma0);
        const w = matmul(sliceCols(q, rank, n), randomNormal(n - rank, 1 + Math.floor(r.next() * rank), r));
        expect(wNuclearPoint(t.factors, w, 0, false).rank).toBe(0);
        expect(() => t.grad(w)).toThrow(NotDifferentiableError);
      }
    }
  });

  it("graded diagonals down to 1e-160 σ₁, exact and permuted, are kept: ∇L = 2 (W − P) with the permutation's polar factor", () => {
    const t = bwTarget(identity(3));
    for (const e of [1e-20, 1e-100, 1e-160]) {
      // W = P diag(1, e, e²)-like with a column permutation: U Vᵀ is the signed permutation itself
      const w = fromRows([[0, 0, -Math.sqrt(e)], [1, 0, 0], [0, e, 0]]);
      const g = t.grad(w);
      const polar = fromRows([[0, 0, -1], [1, 0, 0], [0, 1, 0]]);
      expect(relErr(g, scale(sub(w, polar), 2))).toBeLessThanOrEqual(1e-15);
    }
  });

  it("permuted graded diagonals (Σ0 spread 1e-15, W = D Q with Q a permutation, entries down to 1e-12): L = Σ (w_i − √λ_i)² to 1e-13 relative and ∇L = 2 (W − R0 Q)", () => {
    const lambda = [1, 1e-5, 1e-10, 1e-15]; // all above n ε λ₁ = 8.9e-16, so all kept in R0
    const perms = [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]];
    for (const w of [[1, 1e-8, 1e-9, 1e-12], [1e-3, 1e-4, 1e-10, 3e-8], [2, 1e-11, 1e-5, 1e-300]]) {
      for (const perm of perms) {
        for (const q of perms) {
          // Σ0 = diag(λ_perm), W = diag(w_perm) Q, Q e_{q_i} = e_i: R0 W = diag(√λ w)_perm Q, polar factor Q
          const placed = (d: number[]) => fromRows(perm.map((pi, i) => perm.map((_, j) => (j === q[i] ? d[pi] : 0))));
          const t = bwTarget(fromRows(perm.map((pi, i) => perm.map((_, j) => (i === j ? lambda[pi] : 0)))));
          const W = placed(w);
          const exact = w.reduce((s, x, i) => s + (x - Math.sqrt(lambda[i])) ** 2, 0);
          expect(Math.abs(t.loss(W) - exact)).toBeLessThanOrEqual(1e-13 * exact);
          if (w[3] === 1e-300) continue; // σ₄ = 3e-308 is below what the SVD resolves (docs/accuracy.md): refused, not wrong
          expect(relErr(t.grad(W), scale(sub(W, placed(lambda.map(Math.sqrt))), 2))).toBeLessThanOrEqual(1e-13);
        }
      }
    }
  });

  it("row-graded Hadamard D H (n = 16, D down to 2^-200): all 16 σ kept and ∇L = 2 (W − H/4) exactly (U = I, Vᵀ = H/4)", () => {
    const r = rng(5);
    const h = hadamard(16);
    const d = Array.from({ length: 16 }, () => -Math.floor(r.next() * 200));
    const w = gradedHadamard(h, d, new Array(16).fill(0));
    const t = bwTarget(identity(16));
    const g = t.grad(w);
    expect(relErr(g, scale(sub(w, scale(fromRows(h), 1 / 4)), 2))).toBeLessThanOrEqual(1e-14);
  });

  it("balanced starts behind a bottleneck (balancedRandom, balancedClose; N = 2, 3, 6; rank Σ0 = n, n − 1, 1): layer gradients agree with central differences", () => {
    const r = rng(41);
    for (const n of [3, 6]) {
      for (const rankS of [n, n - 1, 1]) {
        const sigma0 = target(Array.from({ length: n }, (_, i) => (i < rankS ? 0.5 + 2 * r.next() : 0)), r);
        const t = bwTarget(sigma0);
        for (const N of [2, 3, 6]) {
          const rb = 1 + Math.floor(r.next() * (n - 1));
          const widths = [n + 1, ...Array.from({ length: N - 1 }, (_, j) => (j === 0 ? rb : rb + 1)), n];
          for (const layers of [balancedRandom(widths, r), balancedClose(sigma0, widths, 0, r)]) {
            const grads = t.layerGrads(layers);
            const delta = layers.map((l) => randomNormal(l.rows, l.cols, r));
            const along = (s: number) => layers.map((l, j) => ({ rows: l.rows, cols: l.cols, data: l.data.map((x, k) => x + s * delta[j].data[k]) }));
            const h = 1e-6;
            const fd = (t.layerLoss(along(h)) - t.layerLoss(along(-h))) / (2 * h);
            const exact = grads.reduce((acc, gr, j) => acc + gr.data.reduce((s, x, k) => s + x * delta[j].data[k], 0), 0);
            expect(Math.abs(exact - fd)).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(fd)));
          }
        }
      }
    }
  });
});

type AdversarialCase = { name: string; n: number; d1: number[]; d2: number[]; polar: number[][]; sigma: string[]; gradRoundingChange: number };
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/rank-adversarial.json", import.meta.url)), "utf8")) as { cases: AdversarialCase[] };

describe("review findings: the rank rule trusted σ's that the SVD does not resolve (fixed by nuclear.ts, resolvedRank)", () => {
  // The kept σ are trusted to be resolved to high relative accuracy, but for n ≥ 12 (and on the SVD
  // path of lossGrad at every n) the SVD is Jacobi preconditioned by the eigenvectors of X Xᵀ
  // (linalg/svd.ts, svdFromGramEigen): G = Qᵀ X mixes rows, its error is normwise (≈ ε σ₁), so
  // σ below ≈ ε σ₁ carry no digits there. The old cutoff 64 max(n, q) ε σ₁ hid that; the new rule
  // keeps σ far below it. Measured in review: redoing such points with plain one-sided Jacobi
  // (linalg/svd.ts, svd) brings the first case to ≤ 2.4e-8 over 180 graded inputs but still lets
  // 3 of 120 exactly singular ones through (its own backward error is rowwise, not in N).
  it("full-rank D1 H D2 (n = 16, 32; exponents down to -79 per side; 9 fixture cases): ∇L = 2 (W − P) to 1e-9, or the 'cannot tell' refusal — never a wrong gradient (was: up to 50 % relative error in 7 of 9)", () => {
    let worst = 0, refused = 0;
    for (const c of fixture.cases) {
      const w = gradedHadamard(hadamard(c.n), c.d1, c.d2);
      const expected = scale(sub(w, fromRows(c.polar)), 2);
      // one rounding per entry of W moves 2 (W − P) by at most 8.3e-12 relative over these cases (gradRoundingChange)
      expect(c.gradRoundingChange).toBeLessThanOrEqual(1e-11);
      try {
        worst = Math.max(worst, relErr(bwTarget(identity(c.n)).grad(w), expected));
      } catch (err) {
        expect((err as Error).message).toMatch(/^W: cannot tell whether L is differentiable here/);
        refused++;
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
    // every case has σ's below 64·n·ε·σ_1 in rows that are not orthogonal: all are refused (the it.fails below)
    expect(refused).toBe(fixture.cases.length);
  });

  it.fails("full-rank D1 H D2: a correct gradient in every case (a relatively accurate SVD for two-sided graded inputs, e.g. Jacobi after QR with column pivoting, Drmač–Veselić, is not built)", () => {
    for (const c of fixture.cases) {
      const w = gradedHadamard(hadamard(c.n), c.d1, c.d2);
      expect(relErr(bwTarget(identity(c.n)).grad(w), scale(sub(w, fromRows(c.polar)), 2))).toBeLessThanOrEqual(1e-9);
    }
  });

  it("exactly singular D1 H' D2 (n = 16, 32; H' = H with one row := row 0, rank n − 1; exponents down to -79; 60 seeded cases): L is not differentiable — no gradient comes back (was: 9 of 60)", () => {
    const r = rng(3);
    let given = 0;
    for (const n of [16, 32]) {
      for (const g of [40, 60, 80]) {
        for (let k = 0; k < 10; k++) {
          const hp = hadamard(n);
          hp[1 + Math.floor(r.next() * (n - 1))] = hp[0].slice();
          const d1 = Array.from({ length: n }, () => -Math.floor(r.next() * g)), d2 = Array.from({ length: n }, () => -Math.floor(r.next() * g));
          const w = gradedHadamard(hp, d1, d2);
          try {
            bwTarget(identity(n)).grad(w);
            given++;
          } catch (err) {
            if (!(err instanceof NotDifferentiableError)) throw err;
          }
        }
      }
    }
    expect(given).toBe(0);
  });

  it("W = [x, 2x] [b₁; b₂] with b₂ = −b₁/2 + 1e-3 g (n = 3, rank 1 exactly, cancellation 1e3): no gradient (was: one, σ₂ = 2.5e-17 being 9.4× its input-rounding bound; now below what the SVD resolves)", () => {
    // the rule's N = c |R0| |W| sees W, not the |A| |B| ≈ 1e3 |W| that rounded the product
    const r = rng(1);
    const x = randomNormal(3, 1, r), b1 = randomNormal(1, 3, r), g = randomNormal(1, 3, r);
    const b2 = add(scale(b1, -0.5), scale(g, 1e-3));
    const w = matmul(hconcat(x, scale(x, 2)), fromRows([...toRows(b1), ...toRows(b2)]));
    const t = bwTarget(identity(3));
    expect(() => t.grad(w)).toThrow(NotDifferentiableError);
  });
});

describe("scale: L(cW; c²Σ0) = c² L(W; Σ0), so the rank decision cannot depend on c", () => {
  // W = [[1, 1], [1e-15, −1e-15]], Σ0 = I: orthogonal rows, σ = √2, √2·1e-15 resolved exactly and kept at c = 1;
  // M = |U|ᵀ N |V| has off-diagonal entries, so M_ij M_ji (≈ 1e600 · 1e-15 at c = 1e150) is formed
  const w = fromRows([[1, 1], [1e-15, -1e-15]]);
  it("at c = 1 the gradient exists", () => {
    expect(() => bwTarget(identity(2)).grad(w)).not.toThrow();
  });
  it("at c = 1e150 (Σ0 = 1e300 I) the gradient is 1e150 times the one at c = 1 (M_ij M_ji must not overflow)", () => {
    const c = 1e150;
    const g1 = bwTarget(identity(2)).grad(w);
    const gc = bwTarget(scale(identity(2), c * c)).grad(scale(w, c));
    expect(relErr(scale(gc, 1 / c), g1)).toBeLessThanOrEqual(1e-14);
  });
});

describe("a Hessian below the square root of the smallest normal number", () => {
  it("Σ0 = 1e-300 I, W = diag(1e-150, 1e-160): the Hessian is finite and equals the one at Σ0 = I, W = diag(1, 1e-10) (degree-0 homogeneous; was all NaN: 1/σ_2 = 1/1e-310 overflowed in hessian-direct.ts)", () => {
    const t = bwTarget(scale(identity(2), 1e-300));
    const hess = t.hessian([[1e-150, 0], [0, 1e-160]]);
    expect(hess.data.every(Number.isFinite)).toBe(true);
    expect(relErr(hess, bwTarget(identity(2)).hessian([[1, 0], [0, 1e-10]]))).toBeLessThanOrEqual(1e-12);
  });
});
