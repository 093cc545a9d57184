/**
 * The noise level of a computed function along a direction (Moré & Wild,
 * "Estimating computational noise", SIAM J. Sci. Comput. 2011, ECnoise):
 * with f sampled at x + i h v, i = 0 … 7, on a step h so small that the smooth
 * part of the k-th difference Δᵏf is negligible, the noise σ satisfies
 * σ² ≈ γ_k · mean((Δᵏf)²), γ_k = (k!)² / (2k)!. Orders 2 … 6 are tried and the
 * estimates agreeing within a factor 4 of their neighbours are averaged, as
 * ECnoise does; when none agree, the largest estimate is kept (a cautious
 * floor). When f barely changes at spacing h (fewer than half the samples
 * distinct: it is flat at the scale of its own digits, e.g. where it moves
 * like t⁴), the differences are mostly zero and say nothing; the noise is
 * then taken as half the spread of the samples — the round-off visible at
 * that spacing. (Growing h instead, as ECnoise suggests, would measure the
 * smooth variation of f and overstate the noise by orders of magnitude.)
 */
import type { Matrix } from "../linalg/matrix.js";
import { step } from "./finite-difference.js";

function gamma(k: number): number {
  let num = 1, den = 1;
  for (let i = 1; i <= k; i++) num *= i;
  for (let i = 1; i <= 2 * k; i++) den *= i;
  return (num * num) / den;
}

export function estimateNoise(f: (x: Matrix) => number, x: Matrix, v: Matrix, h: number): number {
  const values = sample(f, x, v, h);
  if (tooFlat(values)) return 0.5 * (Math.max(...values) - Math.min(...values));
  return noiseOf(values);
}

const SAMPLES = 8;

function sample(f: (x: Matrix) => number, x: Matrix, v: Matrix, h: number): number[] {
  return Array.from({ length: SAMPLES }, (_, i) => f(step(x, i * h, v)));
}

/** Fewer than half the samples distinct: the spacing is below what f resolves. */
function tooFlat(values: number[]): boolean {
  return new Set(values).size < SAMPLES / 2;
}

function noiseOf(values: number[]): number {
  let diffs = values;
  const levels: number[] = [];
  for (let k = 1; k <= 6; k++) {
    diffs = diffs.slice(1).map((d, i) => d - diffs[i]);
    if (k < 2) continue;
    const meanSq = diffs.reduce((s, d) => s + d * d, 0) / diffs.length;
    levels.push(Math.sqrt(gamma(k) * meanSq));
  }
  const agreeing = levels.filter((l, i) => {
    const nb = [levels[i - 1], levels[i + 1]].filter((x) => x !== undefined);
    return l > 0 && nb.some((o) => o > 0 && Math.max(l / o, o / l) <= 4);
  });
  if (agreeing.length > 0) return agreeing.reduce((s, l) => s + l, 0) / agreeing.length;
  return Math.max(...levels);
}
