/**
 * Seeded random numbers and random matrices: reproducible from one integer.
 * Generator: xoshiro128** (Blackman–Vigna), seeded through splitmix32.
 */
import { type Matrix, zeros } from "./matrix.js";
import { qr } from "./qr.js";

export type Rng = {
  /** uniform in [0, 1) */
  next(): number;
  /** standard normal (Box–Muller) */
  normal(): number;
};

export function rng(seed: number): Rng {
  let x = seed >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  let spare: number | null = null;
  const next = (): number => (nextU32() * 2 ** 21 + (nextU32() >>> 11)) / 2 ** 53;
  return {
    next,
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u)), th = 2 * Math.PI * next();
      spare = r * Math.sin(th);
      return r * Math.cos(th);
    },
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/** n×m matrix of independent standard normals. */
export function randomNormal(n: number, m: number, r: Rng): Matrix {
  const out = zeros(n, m);
  for (let i = 0; i < out.data.length; i++) out.data[i] = r.normal();
  return out;
}

/** Haar-distributed n×k matrix with orthonormal columns (Stiefel manifold): Q of the QR of a Gaussian matrix with diag(R) > 0. */
export function randomStiefel(n: number, k: number, r: Rng): Matrix {
  return qr(randomNormal(n, k, r)).Q;
}

/** Haar-distributed n×n orthogonal matrix. */
export function randomOrthogonal(n: number, r: Rng | number): Matrix {
  return randomStiefel(n, n, typeof r === "number" ? rng(r) : r);
}

/** Q diag(λ) Qᵀ with Haar-random orthogonal Q: a symmetric matrix with the given spectrum. */
export function randomWithSpectrum(eigenvalues: ArrayLike<number>, r: Rng): Matrix {
  const n = eigenvalues.length;
  const q = randomOrthogonal(n, r);
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q.data[i * n + k] * eigenvalues[k] * q.data[j * n + k];
      out.data[i * n + j] = s;
      out.data[j * n + i] = s;
    }
  }
  return out;
}
