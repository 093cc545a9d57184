/**
 * Dormand–Prince 5(4) with error control (Hairer, Nørsett & Wanner, Solving
 * ODEs I, §II.5; the coefficients of DOPRI5): embedded 4th/5th-order pair,
 * local extrapolation (the 5th-order solution is kept), FSAL, step size
 * h ← h · min(5, max(0.2, 0.9 · err^{-1/5})) on the scaled error norm
 * err = ‖(y5 − y4) / (atol + rtol · max(|y|, |y_new|))‖_RMS.
 */

const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// error coefficients: b − b̂ (5th minus 4th order weights)
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

export type OdeOptions = {
  rtol?: number;
  atol?: number;
  /** first step (default: 1e-3 of the interval) */
  h0?: number;
  maxSteps?: number;
  /** called after every accepted step (y is the integrator's buffer: copy what you keep) */
  onStep?: (t: number, y: Float64Array) => void;
};

export type OdeResult = { y: Float64Array; steps: number; rejected: number; evaluations: number };

/** Integrates y' = f(t, y) from t0 to t1. f writes y' into its `out` argument. */
export function dopri5(
  f: (t: number, y: Float64Array, out: Float64Array) => void,
  y0: Float64Array,
  t0: number,
  t1: number,
  opts: OdeOptions = {},
): OdeResult {
  const rtol = opts.rtol ?? 1e-10, atol = opts.atol ?? 1e-12, maxSteps = opts.maxSteps ?? 1_000_000;
  const d = y0.length;
  const y = Float64Array.from(y0);
  const k = Array.from({ length: 7 }, () => new Float64Array(d));
  const tmp = new Float64Array(d), ynew = new Float64Array(d);
  let t = t0, h = opts.h0 ?? Math.max((t1 - t0) * 1e-3, 1e-12), steps = 0, rejected = 0, evaluations = 1;
  f(t, y, k[0]);
  const stage = (coef: number[], ks: number[], c: number, out: Float64Array): void => {
    for (let i = 0; i < d; i++) {
      let s = y[i];
      for (let q = 0; q < ks.length; q++) s += h * coef[q] * k[ks[q]][i];
      tmp[i] = s;
    }
    f(t + c * h, tmp, out);
    evaluations++;
  };
  while (t < t1) {
    if (steps + rejected > maxSteps) throw new Error(`dopri5: more than ${maxSteps} steps`);
    if (t + h > t1) h = t1 - t;
    stage([A21], [0], C2, k[1]);
    stage([A31, A32], [0, 1], C3, k[2]);
    stage([A41, A42, A43], [0, 1, 2], C4, k[3]);
    stage([A51, A52, A53, A54], [0, 1, 2, 3], C5, k[4]);
    stage([A61, A62, A63, A64, A65], [0, 1, 2, 3, 4], 1, k[5]);
    for (let i = 0; i < d; i++) ynew[i] = y[i] + h * (B1 * k[0][i] + B3 * k[2][i] + B4 * k[3][i] + B5 * k[4][i] + B6 * k[5][i]);
    f(t + h, ynew, k[6]);
    evaluations++;
    let err = 0;
    for (let i = 0; i < d; i++) {
      const e = h * (E1 * k[0][i] + E3 * k[2][i] + E4 * k[3][i] + E5 * k[4][i] + E6 * k[5][i] + E7 * k[6][i]);
      const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(ynew[i]));
      err += (e / sc) ** 2;
    }
    err = Math.sqrt(err / d);
    if (err <= 1 || h < 1e-14) {
      t += h;
      y.set(ynew);
      k[0].set(k[6]); // FSAL: f(t + h, y_new) is the next step's first stage
      steps++;
      opts.onStep?.(t, y);
    } else {
      rejected++;
    }
    h *= Math.min(5, Math.max(0.2, 0.9 * (err > 0 ? err ** -0.2 : 5)));
  }
  return { y, steps, rejected, evaluations };
}
