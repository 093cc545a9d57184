/**
 * jacobiRowsTs skips a pair whose rows were not rotated since its last test
 * (src/linalg/svd.ts). The claim is that this changes no rotation and no bit
 * of the result: here against the plain cyclic algorithm, written out in this
 * file as the oracle, which tests every pair in every sweep. The skip must
 * also save work where it is meant to (near-orthogonal starts), and the norms
 * it hands to finishWide must be the final rows' sums of squares.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fromDiagonal, type Matrix, transpose } from "../src/linalg/matrix.js";
import { gram, matmul } from "../src/linalg/products.js";
import { symmetricEigenUnsorted } from "../src/linalg/eigen.js";
import { randomNormal, randomOrthogonal, rng } from "../src/linalg/random.js";
import { jacobiRowsTs, rowDot } from "../src/linalg/svd.js";

const TOL = 4 * 2 ** -52, TINY = 1e-300;
/** Rows on which dropping the within-sweep clause of the skip rule changes the result (test/fixtures/jacobi-within-sweep.json). */
const withinSweep: { rows: number; cols: number; data: number[] } = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/jacobi-within-sweep.json", import.meta.url)), "utf8"));

/** The plain cyclic one-sided Jacobi: every pair tested in every sweep, norms recomputed at each sweep's start. */
function plainJacobi(g: Float64Array, p: number, q: number, acc: Float64Array): { dots: number; sweeps: number } {
  const norms = new Float64Array(p);
  let dots = 0;
  for (let sweep = 0; sweep < 60; sweep++) {
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += g[i * q + k] * g[i * q + k];
      norms[i] = s;
    }
    let rotated = false;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const alpha = norms[i], beta = norms[j], gamma = rowDot(g, i * q, j * q, q); // svd.ts's summation order
        dots++;
        if (gamma === 0 || Math.min(alpha, beta) < TINY || Math.abs(gamma) <= TOL * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        const zeta = (beta - alpha) / (2 * gamma), az = Math.abs(zeta);
        const t = (zeta >= 0 ? 1 : -1) / (az + (az > 1e150 ? az : Math.sqrt(1 + zeta * zeta)));
        if (t === 0) continue;
        rotated = true;
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (const [rows, len] of [[g, q], [acc, p]] as const) {
          for (let k = 0; k < len; k++) {
            const x = rows[i * len + k], y = rows[j * len + k];
            rows[i * len + k] = c * x - s * y;
            rows[j * len + k] = s * x + c * y;
          }
        }
        norms[i] = alpha - t * gamma;
        norms[j] = beta + t * gamma;
      }
    }
    if (!rotated) return { dots, sweeps: sweep + 1 };
  }
  throw new Error("plain Jacobi did not converge");
}

function identity(p: number): Float64Array {
  const a = new Float64Array(p * p);
  for (let i = 0; i < p; i++) a[i * p + i] = 1;
  return a;
}

/** Both algorithms on x; asserts bit-identical rows and rotations, returns the dot products each formed. */
function compare(x: Matrix): { skipping: number; plain: number; sweeps: number } {
  const p = x.rows, q = x.cols;
  const gs = x.data.slice(), as = identity(p), norms = new Float64Array(p);
  const gp = x.data.slice(), ap = identity(p);
  const skipping = jacobiRowsTs(gs, p, q, as, norms);
  const plain = plainJacobi(gp, p, q, ap);
  expect(gs.every((v, i) => Object.is(v, gp[i])), `rows differ at ${p}×${q}`).toBe(true);
  expect(as.every((v, i) => Object.is(v, ap[i])), `rotations differ at ${p}×${q}`).toBe(true);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let k = 0; k < q; k++) s += gs[i * q + k] * gs[i * q + k];
    expect(Object.is(norms[i], s), `norm of row ${i} is not the final row's`).toBe(true);
  }
  return { skipping, plain: plain.dots, sweeps: plain.sweeps };
}

/** Qᵀ X with Q the eigenvectors of X Xᵀ: the near-orthogonal start of svdFromGramEigen. */
function eigenStart(x: Matrix): Matrix {
  return matmul(transpose(symmetricEigenUnsorted(gram(x)).vectors), x);
}

describe("one-sided Jacobi: skipping unchanged pairs changes nothing", () => {
  const r = rng(2026);

  it("bit-identical to the plain cyclic algorithm on random, graded, clustered and rank-deficient rows", () => {
    const n = 20;
    const cases = [
      randomNormal(1, 5, r), randomNormal(2, 2, r), randomNormal(5, 9, r), randomNormal(13, 13, r), randomNormal(24, 48, r),
      matmul(fromDiagonal(Float64Array.from({ length: n }, (_, i) => 10 ** (-i / 2))), randomOrthogonal(n, r)),
      matmul(fromDiagonal(Float64Array.from({ length: n }, (_, i) => 1 + 1e-9 * (i % 3))), randomOrthogonal(n, r)),
      matmul(randomNormal(n, 4, r), randomNormal(4, 2 * n, r)),
    ];
    for (const x of cases) compare(x);
  });

  it("bit-identical from near-orthogonal starts, where the sweeps after the second test at most half their pairs", () => {
    let saved = 0;
    for (const [p, q] of [[32, 32], [48, 96], [64, 64], [128, 128]]) {
      const { skipping, plain, sweeps } = compare(eigenStart(randomNormal(p, q, r)));
      const pairs = (p * (p - 1)) / 2;
      expect(plain).toBe(sweeps * pairs);
      // the first sweep rotates pairs all over, so the second tests (nearly) all; each later one at most half
      expect(skipping).toBeLessThanOrEqual(2 * pairs + ((sweeps - 2) * pairs) / 2);
      saved += plain - skipping;
    }
    expect(saved).toBeGreaterThan(8128); // at least one sweep's worth at p = 128
  });

  it("bit-identical where a pair's rows were unchanged last sweep but one was rotated earlier in this one (the within-sweep clause)", () => {
    // without `moving` in the skip test this start ends with different rows (found by a search of 20000 small starts)
    compare({ rows: withinSweep.rows, cols: withinSweep.cols, data: Float64Array.from(withinSweep.data) });
  });

  it("tests every pair while every row still moves (a first sweep from X itself)", () => {
    const { skipping, plain } = compare(randomNormal(6, 6, r));
    // the plain count's first two sweeps are always formed: every row is rotated in the first
    expect(skipping).toBeGreaterThanOrEqual(2 * 15);
    expect(skipping).toBeLessThanOrEqual(plain);
  });
});
