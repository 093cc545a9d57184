/**
 * Ridders' method (Numerical Recipes §5.7, "dfridr"): central differences at
 * steps h, h/c, h/c², … extrapolated to h → 0 in a Neville tableau; the
 * tableau also yields an error estimate, and the step sequence stops as soon
 * as round-off makes the extrapolation worse. The starting step comes from the
 * problem's scale (see checkGradient), not from a fixed h.
 */

const CON = 1.4;
const CON2 = CON * CON;
const NTAB = 12;
const SAFE = 2;
/** The smallest step riddersRobust can take, relative to its h0: the third start h0/100, divided by CON for each further row. */
export const SMALLEST_STEP = 1 / (100 * CON ** (NTAB - 1));

/**
 * value and error: the extrapolation and its error estimate; coarse: the
 * plain central difference at the starting step, the size of the derivative
 * at the scale of that step (a scale to judge errors by where value ≈ 0).
 */
export type Estimate<T> = { value: T; error: number; coarse: T; /** the smallest step the tableau used */ hMin: number };

/** d/dh-style derivative of φ at 0 from central differences (φ(h) − φ(−h)) / 2h. */
export function ridders(phi: (h: number) => number, h0: number): Estimate<number> {
  const r = riddersVector((h) => [phi(h)], h0);
  return { value: r.value[0], error: r.error, coarse: r.coarse[0], hMin: r.hMin };
}

/**
 * Ridders from several starting steps h0, h0/10, h0/100, keeping the estimate
 * with the smallest error: near a singularity (a PSD boundary, a small
 * singular value) the first steps can reach past it and spoil one tableau.
 */
export function riddersRobust<T>(run: (h0: number) => Estimate<T>, h0: number): Estimate<T> {
  let best = run(h0);
  for (const h of [h0 / 10, h0 / 100]) {
    if (!(best.error > 0)) break;
    const e = run(h);
    if (e.error < best.error) best = { ...e, coarse: best.coarse };
  }
  return best;
}

/**
 * The same for a vector-valued φ (one shared step sequence; the error is the
 * largest entrywise estimate).
 */
export function riddersVector(phi: (h: number) => ArrayLike<number>, h0: number): Estimate<Float64Array> {
  const central = (h: number): Float64Array => {
    const a = phi(h), b = phi(-h);
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = (a[i] - b[i]) / (2 * h);
    return out;
  };
  // tableau[j][i]: extrapolation of order j from the i-th step
  const tableau: Float64Array[][] = Array.from({ length: NTAB }, () => []);
  let hh = h0;
  tableau[0][0] = central(hh);
  let best = tableau[0][0], err = Infinity;
  const diff = (x: Float64Array, y: Float64Array): number => {
    let m = 0;
    for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k] - y[k]));
    return m;
  };
  for (let i = 1; i < NTAB; i++) {
    hh /= CON;
    tableau[0][i] = central(hh);
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      const prev = tableau[j - 1][i], prevStep = tableau[j - 1][i - 1];
      const cur = new Float64Array(prev.length);
      for (let k = 0; k < cur.length; k++) cur[k] = (prev[k] * fac - prevStep[k]) / (fac - 1);
      tableau[j][i] = cur;
      fac *= CON2;
      const errt = Math.max(diff(cur, prev), diff(cur, prevStep));
      if (errt <= err) {
        err = errt;
        best = cur;
      }
    }
    if (diff(tableau[i][i], tableau[i - 1][i - 1]) >= SAFE * err) break;
  }
  return { value: best, error: err, coarse: tableau[0][0], hMin: hh };
}
