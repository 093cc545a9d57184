/**
 * Divide and conquer (src/linalg/divide-conquer.ts, secular.ts) and the
 * eigen-decomposition built on it (src/linalg/eigen.ts from n = 48), to
 * LAPACK's test standard (docs/eigen.md):
 *   ‖AV − VΛ‖_F ≤ 10 n ε ‖A‖_F,   ‖VᵀV − I‖_F ≤ 10 n ε,
 * on random, graded (1 … 1e-12), tightly clustered (equal to 1e-14
 * relative), exactly repeated, glued Wilkinson, diagonal, zero, rank-1 and
 * tiny-coupling inputs, at sizes around every crossover (the QL leaf size 25
 * and its doubles, the divide and conquer crossover 48, the back-
 * transformation block 32) up to n = 300.
 */
import { spawnSync } from "node:child_process";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { tridiagonalEigenDC } from "../src/linalg/divide-conquer.js";
import { symmetricEigen, symmetricEigenStaged, symmetricEigenvalues } from "../src/linalg/eigen.js";
import { fromDiagonal, type Matrix, zeros } from "../src/linalg/matrix.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { matmul, matmulAtB } from "../src/linalg/products.js";
import { randomWithSpectrum, rng } from "../src/linalg/random.js";
import { solveSecular } from "../src/linalg/secular.js";
import { propertyParams } from "../properties/index.js";
import { eigenMeasures } from "./eigen-measures.js";
import { EPS } from "./helpers.js";

/** Sizes next to every boundary of the algorithm, and a few large ones. */
const SIZES = [1, 2, 3, 24, 25, 26, 31, 32, 33, 47, 48, 49, 50, 51, 52, 64, 65, 97, 101, 102, 103, 128, 129, 200, 257, 300];

function randomSymmetric(n: number, seed: number): Matrix {
  const r = rng(seed);
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a.data[i * n + j] = a.data[j * n + i] = r.normal();
  return a;
}

const spectrum = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

/** Symmetric test families: name, and the matrix of size n. */
const FAMILIES: [string, (n: number) => Matrix][] = [
  ["random", (n) => randomSymmetric(n, 500 + n)],
  ["graded 1 … 1e-12", (n) => randomWithSpectrum(spectrum(n, (i) => 10 ** ((-12 * i) / Math.max(n - 1, 1))), rng(600 + n))],
  ["half the spectrum within 1e-14 of 1", (n) => randomWithSpectrum(spectrum(n, (i) => (i < n / 2 ? 1 + 1e-14 * i : 2 + i / n)), rng(700 + n))],
  ["exactly repeated (1, −1, 3 thirds each)", (n) => randomWithSpectrum(spectrum(n, (i) => [1, -1, 3][i % 3]), rng(800 + n))],
  ["rank 1 (x xᵀ)", (n) => {
    const r = rng(900 + n), x = Array.from({ length: n }, () => r.normal()), a = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = x[i] * x[j];
    return a;
  }],
  ["diagonal", (n) => fromDiagonal(spectrum(n, (i) => Math.sin(i + 1)))],
  ["zero", (n) => zeros(n, n)],
  ["glued Wilkinson W21+ (couplings 1e-10)", (n) => tridiagonalMatrix(...gluedWilkinson(n, 1e-10))],
];

/** The symmetric tridiagonal matrix with diagonal d and couplings e (e[i] between i and i+1). */
function tridiagonalMatrix(d: Float64Array, e: Float64Array): Matrix {
  const n = d.length, a = zeros(n, n);
  for (let i = 0; i < n; i++) {
    a.data[i * n + i] = d[i];
    if (i + 1 < n) a.data[i * n + i + 1] = a.data[(i + 1) * n + i] = e[i];
  }
  return a;
}

/** Copies of Wilkinson's W21+ (diagonal |k − 10|, couplings 1) glued by `glue`, cut to n. */
function gluedWilkinson(n: number, glue: number): [Float64Array, Float64Array] {
  const d = spectrum(n, (i) => Math.abs((i % 21) - 10));
  const e = spectrum(n, (i) => (i === n - 1 ? 0 : (i + 1) % 21 === 0 ? glue : 1));
  return [d, e];
}

/** D&C on (d, e) directly: residual ‖TZ − ZΛ‖_F / (n ε ‖T‖_F) and ‖ZᵀZ − I‖_F / (n ε). */
function tridiagonalMeasures(d0: Float64Array, e0: Float64Array): { residual: number; orthogonality: number; values: Float64Array } {
  const n = d0.length;
  const d = Float64Array.from(d0), e = Float64Array.from(e0), z = new Float64Array(n * n);
  tridiagonalEigenDC(n, d, e, z);
  const t = tridiagonalMatrix(d0, e0);
  const zm = { rows: n, cols: n, data: z };
  const tz = matmul(t, zm);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tz.data[i * n + j] -= z[i * n + j] * d[j];
  const ztz = matmulAtB(zm, zm);
  for (let i = 0; i < n; i++) ztz.data[i * n + i] -= 1;
  const scale = n * EPS * frobeniusNorm(t);
  return { residual: scale === 0 ? frobeniusNorm(tz) : frobeniusNorm(tz) / scale, orthogonality: frobeniusNorm(ztz) / (n * EPS), values: d };
}

describe("symmetricEigen (divide and conquer from n = 48) meets LAPACK's test standard", () => {
  for (const [name, make] of FAMILIES) {
    it(`${name}, n = ${SIZES.join(", ")}`, () => {
      for (const n of SIZES) {
        const m = eigenMeasures(make(n));
        expect(m.residual, `${name} n=${n} residual in units of nε‖A‖`).toBeLessThanOrEqual(10);
        expect(m.orthogonality, `${name} n=${n} orthogonality in units of nε`).toBeLessThanOrEqual(10);
        expect(m.sorted, `${name} n=${n} decreasing`).toBe(true);
      }
    });
  }

  it("finds the prescribed spectrum, repeated and clustered eigenvalues included, at n = 100", () => {
    const lambda = spectrum(100, (i) => (i < 30 ? 2 : i < 60 ? 1 + 1e-14 * i : i < 99 ? (i - 59) / 40 : 0));
    const got = symmetricEigen(randomWithSpectrum(lambda, rng(5))).values;
    const want = Array.from(lambda).sort((x, y) => y - x);
    want.forEach((l, i) => expect(Math.abs(got[i] - l), `λ_${i}`).toBeLessThanOrEqual(10 * 100 * EPS * 2));
  });

  it("agrees with the QL eigenvalues (symmetricEigenvalues) to 10 n ε ‖A‖ at n = 49 … 300", () => {
    for (const n of [49, 130, 300]) {
      const a = randomSymmetric(n, 40 + n);
      const dc = symmetricEigen(a).values, ql = symmetricEigenvalues(a);
      const tol = 10 * n * EPS * frobeniusNorm(a);
      for (let i = 0; i < n; i++) expect(Math.abs(dc[i] - ql[i]), `n=${n} λ_${i}`).toBeLessThanOrEqual(tol);
    }
  });

  it("symmetricEigenStaged: the early values are the spectrum the vectors pass returns (to rounding), at n = 48, 64, 200", () => {
    for (const n of [48, 64, 200]) {
      const a = randomSymmetric(n, 90 + n);
      const staged = symmetricEigenStaged(a);
      const early = Array.from(staged.values).sort((x, y) => y - x);
      const { values, vectors } = staged.vectors();
      const late = Array.from(values).sort((x, y) => y - x);
      const tol = 10 * n * EPS * frobeniusNorm(a);
      early.forEach((x, i) => expect(Math.abs(x - late[i])).toBeLessThanOrEqual(tol));
      const av = matmul(a, vectors);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av.data[i * n + j] -= vectors.data[i * n + j] * values[j];
      expect(frobeniusNorm(av)).toBeLessThanOrEqual(tol);
    }
  });
});

describe("tridiagonalEigenDC on tridiagonal inputs", () => {
  const cases: [string, (n: number) => [Float64Array, Float64Array]][] = [
    ["random", (n) => {
      const r = rng(n);
      return [spectrum(n, () => r.normal()), spectrum(n, (i) => (i < n - 1 ? r.normal() : 0))];
    }],
    ["Wilkinson W+ (nearly equal pairs)", (n) => [spectrum(n, (i) => Math.abs(i - (n - 1) / 2)), spectrum(n, (i) => (i < n - 1 ? 1 : 0))]],
    ["glued Wilkinson W21+, glue 1e-14", (n) => gluedWilkinson(n, 1e-14)],
    ["constant diagonal 2, couplings 1 (1-2-1 stencil)", (n) => [spectrum(n, () => 2), spectrum(n, (i) => (i < n - 1 ? 1 : 0))]],
    ["graded: d_i = 1e-12^(i/n), e_i = 1e-3 d_i", (n) => [spectrum(n, (i) => 10 ** ((-12 * i) / n)), spectrum(n, (i) => (i < n - 1 ? 1e-3 * 10 ** ((-12 * i) / n) : 0))]],
    ["tiny couplings (1e-15, 1e-300, 5e-324)", (n) => {
      const r = rng(3 * n);
      return [spectrum(n, () => r.normal()), spectrum(n, (i) => (i === n - 1 ? 0 : [1e-15, 1e-300, 5e-324, 0.5][i % 4]))];
    }],
    ["exactly repeated diagonal, tiny couplings (the merges deflate by rotation)", (n) => [spectrum(n, (i) => i % 2), spectrum(n, (i) => (i < n - 1 ? 1e-17 * (1 + (i % 5)) : 0))]],
    ["zero", (n) => [new Float64Array(n), new Float64Array(n)]],
  ];
  for (const [name, make] of cases) {
    it(`${name}, n = 26 … 300`, () => {
      for (const n of [26, 27, 50, 51, 52, 53, 100, 101, 256, 300]) {
        const [d, e] = make(n);
        const m = tridiagonalMeasures(d, e);
        expect(m.residual, `${name} n=${n} residual in units of nε‖T‖`).toBeLessThanOrEqual(10);
        expect(m.orthogonality, `${name} n=${n} orthogonality in units of nε`).toBeLessThanOrEqual(10);
      }
    });
  }

  it("Wilkinson W21+ glued 12 times (n = 252): each copy's largest pair 10.746194182903393, 10.746194182903322 is found 12 times", () => {
    const [d, e] = gluedWilkinson(252, 1e-14);
    const values = Array.from(tridiagonalMeasures(d, e).values).sort((x, y) => y - x);
    for (let i = 0; i < 24; i++) expect(values[i]).toBeCloseTo(10.7461941829033, 12);
    expect(values[24]).toBeLessThan(10);
  });
});

describe("solveSecular", () => {
  it("roots of 1/ρ + Σ z_i²/(δ_i − λ) interlace the poles, zero the function to rounding, and δ_i − λ_j is accurate", () => {
    const r = rng(11);
    for (const k of [1, 2, 3, 10, 60]) {
      const dl = Float64Array.from({ length: k }, (_, i) => i + 0.5 * r.next()).sort();
      const z = Float64Array.from({ length: k }, () => r.normal());
      const nz = Math.hypot(...z);
      for (let i = 0; i < k; i++) z[i] /= nz;
      for (const rho of [1e-3, 1, 1e3]) {
        const lambda = new Float64Array(k), delta = new Float64Array(k * k);
        solveSecular(k, dl, z, rho, lambda, delta, new Float64Array(k), new Float64Array(k));
        for (let j = 0; j < k; j++) {
          // δ_j < λ_j < δ_{j+1} (λ_{k−1} < δ_{k−1} + ρ), read from the differences, which
          // are kept exactly where λ_j itself may round onto a pole
          expect(delta[j * k + j]).toBeLessThan(0);
          if (j < k - 1) expect(delta[(j + 1) * k + j]).toBeGreaterThan(0);
          else expect(-delta[j * k + j]).toBeLessThanOrEqual(rho * (1 + 4 * EPS)); // ρ‖z‖², = when k = 1
          expect(lambda[j]).toBeGreaterThanOrEqual(dl[j]);
          if (j < k - 1) expect(lambda[j]).toBeLessThanOrEqual(dl[j + 1]);
          let f = 1 / rho, scale = 1 / rho;
          for (let i = 0; i < k; i++) {
            const t = (z[i] * z[i]) / delta[i * k + j];
            f += t;
            scale += Math.abs(t);
            // δ_i − λ_j as stored agrees with the direct difference
            expect(Math.abs(delta[i * k + j] - (dl[i] - lambda[j]))).toBeLessThanOrEqual(4 * EPS * (Math.abs(dl[i]) + Math.abs(lambda[j])));
          }
          expect(Math.abs(f), `k=${k} ρ=${rho} root ${j}`).toBeLessThanOrEqual(50 * k * EPS * scale);
        }
      }
    }
  });

  it("a root next to a pole keeps its distance to relative accuracy: D = diag(0, 1), z = (1e-9, 1)/‖·‖, ρ = 1", () => {
    // λ_0 − δ_0 ≈ z_0² / (1/ρ + z_1²/(δ_1 − δ_0)) = 1e-18 / 2 to first order
    const z = Float64Array.from([1e-9, 1]), nz = Math.hypot(1e-9, 1);
    z[0] /= nz;
    z[1] /= nz;
    const lambda = new Float64Array(2), delta = new Float64Array(4);
    solveSecular(2, Float64Array.from([0, 1]), z, 1, lambda, delta, new Float64Array(2), new Float64Array(2));
    expect(-delta[0] / 5e-19).toBeCloseTo(1, 8);
  });
});

test.prop(
  [
    fc.integer({ min: 40, max: 90 }),
    fc.array(fc.constantFrom(-2, -1e-8, 0, 1e-12, 1, 1 + 1e-15, 3), { minLength: 1, maxLength: 7 }),
    fc.integer({ min: 0, max: 2 ** 30 }),
  ],
  propertyParams(12),
)("symmetricEigen on Q diag(λ) Qᵀ with λ drawn from a few values (repeats and 1e-15 clusters), n = 40 … 90", (n, values, seed) => {
  const r = rng(seed);
  const lambda = spectrum(n, () => values[Math.floor(r.next() * values.length)]);
  const m = eigenMeasures(randomWithSpectrum(lambda, r));
  expect(m.residual).toBeLessThanOrEqual(10);
  expect(m.orthogonality).toBeLessThanOrEqual(10);
  expect(m.sorted).toBe(true);
});

const scipy = spawnSync("python3", ["-c", "import numpy, scipy.linalg"], { encoding: "utf8" }).status === 0;

describe.skipIf(!scipy)("against scipy.linalg.eigh (an optional oracle: runs when python3 with numpy and scipy is present)", () => {
  it("the eigenvalues agree to 10 n ε ‖A‖ at n = 60, 150", () => {
    for (const n of [60, 150]) {
      const a = randomSymmetric(n, 7 * n);
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * n, (i + 1) * n)));
      const py = spawnSync("python3", ["-c", "import json,sys,numpy,scipy.linalg;a=numpy.array(json.load(sys.stdin));print(json.dumps(scipy.linalg.eigh(a,eigvals_only=True)[::-1].tolist()))"], {
        input: JSON.stringify(rows),
        encoding: "utf8",
      });
      const want = JSON.parse(py.stdout) as number[];
      const got = symmetricEigen(a).values;
      const tol = 10 * n * EPS * frobeniusNorm(a);
      want.forEach((l, i) => expect(Math.abs(got[i] - l), `n=${n} λ_${i}`).toBeLessThanOrEqual(tol));
    }
  });
});
