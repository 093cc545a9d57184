/**
 * The polar path (linalg/polar.ts, bures/w-space.ts polarPath): the polar
 * factor of Y to first order from the eigenvectors of Y Yᵀ, in place of
 * Jacobi sweeps. Checked here:
 * - its remainder bound holds and is second order: from a basis rotated by θ
 *   off the exact one, ‖M B − P‖_F stays below the bound and falls like θ²;
 * - it refuses (null) beyond the bound, and where Y is not surely of full row
 *   rank, so the SVD path answers there;
 * - the bound holds against the exact polar factor for equal, graded and
 *   alternating row lengths g_i (where the divided differences f[g_i, g_k, g_j]
 *   are largest against the bound's √g_i/(g_i + t²)), and is within a factor
 *   10 of the error (docs/polar-path.md);
 * - lossGrad's answers on it agree with the SVD path's (lossGradSvd) at
 *   τ = 0 and τ > 0, square and wide, up to n = 64, and next to a minimum;
 * - across the rank boundary (σ_min of R0 W from 1e-17 to 1e-9, and graded
 *   Hadamard W) it never answers where the SVD path refuses
 *   (NotDifferentiableError).
 * The 50-digit references (test/path-choice.test.ts, where cond A = 1e4 … 1e8
 * now takes this path, and test/accuracy-adversarial.test.ts) hold it to the
 * same targets as the SVD path.
 */
import { describe, expect, it } from "vitest";
import { NotDifferentiableError } from "../src/bures/errors.js";
import { factorTarget, type TargetFactors } from "../src/bures/factors.js";
import { lossGrad, lossGradSvd } from "../src/bures/w-space.js";
import { symmetricEigen } from "../src/linalg/eigen.js";
import { fromDiagonal, identity, type Matrix, transpose } from "../src/linalg/matrix.js";
import { polarFromBasis, polarInBasis } from "../src/linalg/polar.js";
import { gram, matmul, matmulABt } from "../src/linalg/products.js";
import { randomNormal, randomOrthogonal, randomStiefel, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { svd } from "../src/linalg/svd.js";

const EPS = 2 ** -52;

function distance(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] - b.data[i]) ** 2;
  return Math.sqrt(s);
}

/** Q e^{θ K} for a fixed random skew K with ‖K‖_F = 1 (to second order: Q (I + θK + θ²K²/2), then made orthogonal by the SVD's polar factor). */
function rotated(q: Matrix, theta: number, k: Matrix): Matrix {
  const p = q.rows, e = { rows: p, cols: p, data: new Float64Array(p * p) };
  const k2 = matmul(k, k);
  for (let i = 0; i < p * p; i++) e.data[i] = (i % (p + 1) === 0 ? 1 : 0) + theta * k.data[i] + (theta * theta * k2.data[i]) / 2;
  const { U, V } = svd(matmul(q, e));
  return matmulABt(U, V);
}

function skew(p: number, r: ReturnType<typeof rng>): Matrix {
  const a = randomNormal(p, p, r), k = { rows: p, cols: p, data: new Float64Array(p * p) };
  let norm = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) norm += (k.data[i * p + j] = a.data[i * p + j] - a.data[j * p + i]) ** 2;
  for (let i = 0; i < p * p; i++) k.data[i] /= Math.sqrt(norm);
  return k;
}

describe("linalg/polar.ts: the polar factor to first order", () => {
  const r = rng(99);

  it("stays within its remainder bound, which falls like θ² with the basis error θ", () => {
    for (const [p, q] of [[6, 6], [8, 12], [20, 20]]) {
      const y = matmul(fromDiagonal(Float64Array.from({ length: p }, (_, i) => 1 + 3 * i)), randomNormal(p, q, r));
      const { U, V } = svd(y);
      const exact = matmulABt(U, V);
      const q0 = symmetricEigen(gram(y)).vectors, k = skew(p, r);
      let previous = Infinity;
      for (const theta of [1e-3, 1e-4, 1e-5, 1e-6]) {
        const res = polarInBasis(y, rotated(q0, theta, k), Infinity)!;
        const err = distance(polarFromBasis(rotated(q0, theta, k), res), exact);
        expect(err, `θ = ${theta}, p = ${p}`).toBeLessThanOrEqual(res.remainder + 64 * p * EPS);
        // second order: ten times smaller θ, about a hundred times smaller error (until rounding)
        if (previous > 1e-12) expect(err).toBeLessThan(previous / 30);
        previous = err;
      }
    }
  });

  it("stays within its bound against the exact polar factor for equal, graded and alternating row lengths, and the bound is within 10× of the error", () => {
    let sharpest = 0;
    for (const [p, q] of [[3, 3], [4, 7], [6, 8]]) {
      const lengths: Float64Array[] = [
        Float64Array.from({ length: p }, () => 1), // equal: G^{-1/2} = (I + F)^{-1/2}, the second-order term 3F²/8
        Float64Array.from({ length: p }, (_, i) => 10 ** (-8 * i / (p - 1))), // graded 1 … 1e-8
        Float64Array.from({ length: p }, (_, i) => (i % 2 ? 1 : 1e-6)), // a large g_k between small g_i, g_j
      ];
      for (const g of lengths) {
        for (const phi of [1e-3, 1e-2, 0.1]) {
          // B = diag(√g) (I + φ N) C: C with orthonormal rows, N a random mixing of norm 1 (not orthogonal)
          const c = transpose(randomStiefel(q, p, r)), mix = randomNormal(p, p, r);
          const norm = Math.sqrt(mix.data.reduce((a, v) => a + v * v, 0));
          for (let i = 0; i < p * p; i++) mix.data[i] = (i % (p + 1) === 0 ? 1 : 0) + (phi * mix.data[i]) / norm;
          const b = matmul(fromDiagonal(g.map(Math.sqrt)), matmul(mix, c));
          const res = polarInBasis(b, identity(p), Infinity)!;
          const { U, V } = svd(b);
          const err = distance(polarFromBasis(identity(p), res), matmulABt(U, V));
          // the SVD's own error: ε σ_1/σ_p ≤ 1e-11 here, against bounds ≥ 1e-7
          expect(err, `p = ${p}, φ = ${phi}, g = ${Array.from(g)}`).toBeLessThanOrEqual(res.remainder + 1e-11);
          sharpest = Math.max(sharpest, err / res.remainder);
        }
      }
    }
    expect(sharpest).toBeGreaterThan(0.1);
  });

  it("writes into given buffers the same numbers it would return fresh, and refuses buffers of the wrong shape", () => {
    const y = randomNormal(5, 8, r), q0 = symmetricEigen(gram(y)).vectors;
    const fresh = polarInBasis(y, q0, Infinity)!;
    const into = { b: randomNormal(5, 8, r), g: randomNormal(5, 5, r), m: randomNormal(5, 5, r) };
    const reused = polarInBasis(y, q0, Infinity, into)!;
    expect(reused.m).toBe(into.m);
    expect(reused.b).toBe(into.b);
    expect(Array.from(reused.m.data)).toEqual(Array.from(fresh.m.data));
    expect(Array.from(reused.b.data)).toEqual(Array.from(fresh.b.data));
    expect(() => polarInBasis(y, q0, Infinity, { ...into, g: randomNormal(5, 4, r) })).toThrow(RangeError);
  });

  it("is scale-free: Y · 2^±540 (squares under- and overflow) gives the same P to the bit, σ scaled", () => {
    const y = randomNormal(6, 9, r), q0 = symmetricEigen(gram(y)).vectors;
    const ref = polarInBasis(y, q0, Infinity)!, p0 = polarFromBasis(q0, ref);
    for (const e of [-540, 540]) {
      const ys = { rows: 6, cols: 9, data: y.data.map((v) => v * 2 ** e) };
      const res = polarInBasis(ys, q0, Infinity)!;
      expect(Array.from(polarFromBasis(q0, res).data)).toEqual(Array.from(p0.data));
      expect(Array.from(res.sigma)).toEqual(Array.from(ref.sigma, (v) => v * 2 ** e));
    }
  });

  it("refuses beyond maxRemainder, and where a row of B is zero", () => {
    const y = randomNormal(5, 7, r);
    const q0 = symmetricEigen(gram(y)).vectors;
    const far = rotated(q0, 1e-3, skew(5, r));
    expect(polarInBasis(y, far, Infinity)!.remainder).toBeGreaterThan(1e-8);
    expect(polarInBasis(y, far, 1e-8)).toBeNull();
    // Y with a zero row in the basis Q = I: B = Y, g_1 = 0
    const zeroRow = randomNormal(5, 7, r);
    zeroRow.data.fill(0, 0, 7);
    expect(polarInBasis(zeroRow, identity(5), Infinity)).toBeNull();
  });
});

function size(f: TargetFactors, w: Matrix, tau: number): number {
  let s = f.traceSigma0 + f.n * tau;
  for (const v of w.data) s += v * v;
  return s;
}

/** lossGrad on the polar path against the SVD path, to a polar factor accurate to c ε √s (test/gd-warm.test.ts's bound). */
function expectPolarAgrees(f: TargetFactors, w: Matrix, tau: number): void {
  const polar = lossGrad(f, w, tau);
  expect(polar.path).toBe("polar");
  const exact = lossGradSvd(f, w, tau, true);
  const d = 64 * f.n * EPS * Math.sqrt(size(f, w, tau));
  expect(Math.abs(polar.loss - exact.loss)).toBeLessThanOrEqual(2 * Math.sqrt(exact.loss) * d + d * d);
  expect(distance(polar.grad!, exact.grad!)).toBeLessThanOrEqual(2 * d);
}

describe("lossGrad's polar path", () => {
  const r = rng(7);
  const spread = (n: number, lo: number, hi: number) => Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

  it("agrees with the SVD path at τ = 0 and 0.1, square and wide, n = 4 … 64", () => {
    for (const [n, m] of [[4, 4], [8, 8], [8, 13], [16, 16], [32, 32], [64, 64]]) {
      const f = factorTarget(randomWithSpectrum(spread(n, 0.5, 5), r));
      // singular values of W from 1e-3 to 1: cond R0 W ≥ 1e3 / √10, so cond A ≥ 1e5, beyond the eigen path's budget
      const s = fromDiagonal(Float64Array.from({ length: n }, (_, i) => 10 ** ((-3 * i) / (n - 1))));
      const w = matmulABt(matmul(randomOrthogonal(n, r), s), randomStiefel(m, n, r));
      for (const tau of [0, 1e-4]) expectPolarAgrees(f, w, tau);
    }
  });

  it("agrees next to a minimum of L_τ, where the eigen path is refused because the value is small", () => {
    for (const n of [5, 12]) {
      const sigma0 = randomWithSpectrum(spread(n, 0.5, 5), r), f = factorTarget(sigma0), tau = 0.1;
      const { values, vectors } = symmetricEigen(sigma0);
      const w = { rows: n, cols: n, data: new Float64Array(n * n) };
      for (let c = 0; c < n; c++) for (let i = 0; i < n; i++) w.data[i * n + c] = vectors.data[i * n + c] * Math.sqrt(values[c] - tau) * (1 + 1e-6 * (r.next() - 0.5));
      expectPolarAgrees(f, w, tau);
    }
  });

  it("leaves to the SVD path the points where Y is not surely of full row rank, or its remainder bound fails", () => {
    const n = 8, f = factorTarget(randomWithSpectrum(spread(n, 0.5, 5), r));
    // rank 7 up to 1e-14: the rank rule reads σ_min as rounding, so L is not differentiable there; the polar path
    // must not answer with a gradient (it refuses, and the SVD path says why)
    const u = randomOrthogonal(n, r), v = randomOrthogonal(n, r);
    const nearlyDeficient = matmul(matmul(u, fromDiagonal(Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 1e-14 : 1 + i)))), v);
    expect(() => lossGrad(f, nearlyDeficient, 0)).toThrow(NotDifferentiableError);
    expect(() => lossGradSvd(f, nearlyDeficient, 0, true)).toThrow(NotDifferentiableError);
    // σ_min = 1e-7: of full rank, but cond A ≈ 1e16 leaves B's rows far from orthogonal: the SVD path
    const thin = matmul(matmul(u, fromDiagonal(Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 1e-7 : 1 + i)))), v);
    expect(lossGrad(f, thin, 0).path).toBe("svd");
    // cond A = 1e12: the eigenvectors of A leave rows of B orthogonal to only ~ε cond A, far beyond √ε
    const graded = matmul(matmul(u, fromDiagonal(Float64Array.from({ length: n }, (_, i) => 10 ** (-i * 6 / (n - 1))))), v);
    expect(lossGrad(f, graded, 0).path).toBe("svd");
  });

  /** W_ij = H_ij 2^(d1_i + d2_j) (H Sylvester–Hadamard): exact in double precision, its σ spread far apart (test/rank-adversarial.test.ts) */
  function gradedHadamard(n: number, d1: number[], d2: number[]): Matrix {
    let h = [[1]];
    while (h.length < n) h = [...h.map((row) => [...row, ...row]), ...h.map((row) => [...row, ...row.map((x) => -x)])];
    return { rows: n, cols: n, data: Float64Array.from(h.flatMap((row, i) => row.map((x, j) => x * 2 ** (d1[i] + d2[j])))) };
  }

  it("never answers where the SVD path refuses: σ_min of R0 W across the rank boundary, graded Hadamard W", () => {
    let polar = 0, refused = 0;
    const check = (f: TargetFactors, w: Matrix, tau: number, what: string): void => {
      let svdRefuses = false;
      try {
        lossGradSvd(f, w, tau, true);
      } catch (err) {
        if (!(err instanceof NotDifferentiableError)) throw err;
        svdRefuses = true;
        refused++;
      }
      let path = "refused";
      try {
        path = lossGrad(f, w, tau).path;
      } catch (err) {
        if (!(err instanceof NotDifferentiableError)) throw err;
      }
      if (path === "polar") {
        polar++;
        expect(svdRefuses, what).toBe(false);
      }
    };
    // σ_min of R0 W from 1e-17 to 1e-9, Σ0 and W diagonal or in random bases
    for (const [n, m] of [[4, 4], [6, 9]]) {
      for (const rotated of [false, true]) {
        const spectrum = Float64Array.from({ length: n }, (_, i) => 0.5 + i);
        const f = factorTarget(rotated ? randomWithSpectrum(spectrum, r) : fromDiagonal(spectrum));
        const u = rotated ? randomOrthogonal(n, r) : identity(n), vt = transpose(randomStiefel(m, n, r));
        for (let e = -17; e <= -9; e += 0.5) {
          for (const tau of [0, 1e-26]) {
            const s = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 10 ** e : 1 + i / n));
            check(f, matmul(matmul(u, fromDiagonal(s)), vt), tau, `n = ${n}, m = ${m}, σ_min = 1e${e}, τ = ${tau}`);
          }
        }
      }
    }
    // graded Hadamard W (exponents 0 … −59) against Σ0 = I or graded 1 … 2^-10(n−1), diagonal or rotated: B = Qᵀ Y can
    // pass the remainder bound with σ_min at the inputs' rounding level, where only the rank test refuses (without it
    // the polar path answered 9 of 240 such inputs in a first scan where the SVD path says L is not differentiable)
    for (const n of [2, 4, 8]) {
      for (let k = 0; k < 40; k++) {
        const d1 = Array.from({ length: n }, () => -Math.floor(r.next() * 60)), d2 = Array.from({ length: n }, () => -Math.floor(r.next() * 60));
        const spectrum = Float64Array.from({ length: n }, (_, i) => (k % 2 ? 1 : 2 ** (-10 * i)));
        const f = factorTarget(k % 4 < 2 ? fromDiagonal(spectrum) : randomWithSpectrum(spectrum, r));
        for (const tau of [0, 2 ** -80]) check(f, gradedHadamard(n, d1, d2), tau, `graded Hadamard n = ${n}, d1 = ${d1}, d2 = ${d2}, τ = ${tau}`);
      }
    }
    // both sides of the boundary were reached
    expect(polar).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });
});
