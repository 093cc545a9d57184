/**
 * The secular equation of a rank-one modification D + ρ z zᵀ (D = diag(δ),
 * δ_0 < δ_1 < … < δ_{k−1} strictly, every z_i ≠ 0, ρ > 0, ‖z‖ = 1):
 *
 *   f(λ) = 1/ρ + Σ_i z_i² / (δ_i − λ) = 0,
 *
 * one root in each (δ_j, δ_{j+1}) and the last in (δ_{k−1}, δ_{k−1} + ρ)
 * (Golub 1973; LAPACK dlaed4, Li 1993). Each root is found relative to the
 * nearer pole (its "origin", chosen by the sign of f at the midpoint of its
 * interval), so that the differences δ_i − λ_j = (δ_i − δ_origin) − τ_j are
 * known to high relative accuracy: what the Gu–Eisenstat recomputation of z
 * (divide-conquer.ts) needs for orthogonal eigenvectors.
 *
 * Iteration: LAPACK dlaed4's two-pole rational model. At τ, with Δ_i = δ_i −
 * δ_origin − τ, ψ = Σ_{i ≤ j} z_i²/Δ_i (poles left of the root) and
 * φ = Σ_{i > j} (right), f is modelled by c + s/(Δ_j − η) + S/(Δ_{j+1} − η)
 * with the derivatives of ψ and φ matched at τ (s = Δ_j² ψ', S = Δ_{j+1}² φ',
 * c = f − Δ_j ψ' − Δ_{j+1} φ'), whose zero η solves
 *   c η² − a η + b = 0,  a = (Δ_j + Δ_{j+1}) f − Δ_j Δ_{j+1} (ψ' + φ'),
 *   b = Δ_j Δ_{j+1} f.
 * The root is kept inside a bracket updated by the sign of f (f increases
 * between poles); a step leaving the bracket is replaced by bisection. Stops
 * when |f| is below the rounding error of its evaluation (dlaed4's test,
 * ε (8 (φ − ψ) + 2/ρ + 3 |τ| (ψ' + φ'))) or the bracket has collapsed.
 */

const EPS = 2 ** -52;
const MAX_ITER = 200;

/**
 * Solves the secular equation for all k roots. Writes λ_j into `lambda[j]`
 * and δ_i − λ_j (accurate to high relative accuracy) into
 * `delta[i * k + j]`. `zz` and `p` are scratch of length k.
 */
export function solveSecular(k: number, dl: Float64Array, z: Float64Array, rho: number, lambda: Float64Array, delta: Float64Array, zz: Float64Array, p: Float64Array): void {
  let zsum = 0;
  for (let i = 0; i < k; i++) {
    zz[i] = z[i] * z[i];
    zsum += zz[i];
  }
  if (k === 1) {
    lambda[0] = dl[0] + rho * zz[0];
    delta[0] = -rho * zz[0];
    return;
  }
  const rhoInv = 1 / rho;
  for (let j = 0; j < k; j++) {
    // choose the origin pole and the bracket of τ = λ − δ_origin
    let origin = j, lo = 0, hi = 0, rest = 0;
    if (j < k - 1) {
      const mid = 0.5 * (dl[j + 1] - dl[j]);
      let f = rhoInv;
      for (let i = 0; i < k; i++) f += zz[i] / (dl[i] - dl[j] - mid);
      // f without the two nearest poles, for the initial guess
      rest = f + zz[j] / mid - zz[j + 1] / (dl[j + 1] - dl[j] - mid);
      if (f >= 0) {
        hi = mid;
      } else {
        origin = j + 1;
        lo = dl[j] - dl[j + 1] + mid;
        hi = 0;
      }
    } else {
      hi = rho * zsum;
    }
    const o = dl[origin];
    for (let i = 0; i < k; i++) p[i] = dl[i] - o;
    // the two poles of the model: j and j+1 (for the last root, k−2 and k−1)
    const left = j < k - 1 ? j : k - 2;
    const right = left + 1;
    // initial guess (dlaed4): the zero in the bracket of rest + z_j²/(p_j − τ) + z_{j+1}²/(p_{j+1} − τ),
    // the other poles frozen at their midpoint values
    let tau = 0.5 * (lo + hi);
    if (j < k - 1) {
      const pj = p[j], pj1 = p[j + 1];
      const guess = quadraticRootIn(rest, rest * (pj + pj1) + zz[j] + zz[j + 1], rest * pj * pj1 + zz[j] * pj1 + zz[j + 1] * pj, lo, hi);
      if (guess > lo && guess < hi) tau = guess;
    }
    for (let iter = 0; iter < MAX_ITER; iter++) {
      let psi = 0, phi = 0, dpsi = 0, dphi = 0;
      for (let i = 0; i <= left; i++) {
        const r = 1 / (p[i] - tau), t = zz[i] * r;
        psi += t;
        dpsi += t * r;
      }
      for (let i = left + 1; i < k; i++) {
        const r = 1 / (p[i] - tau), t = zz[i] * r;
        phi += t;
        dphi += t * r;
      }
      const w = rhoInv + psi + phi;
      if (w === 0) break;
      if (w > 0) hi = tau;
      else lo = tau;
      const errBound = 8 * (Math.abs(phi) + Math.abs(psi)) + 2 * rhoInv + 3 * Math.abs(tau) * (dpsi + dphi);
      if (Math.abs(w) <= EPS * errBound) break;
      const dL = p[left] - tau, dR = p[right] - tau;
      const c = w - dL * dpsi - dR * dphi;
      const a = (dL + dR) * w - dL * dR * (dpsi + dphi);
      const b = dL * dR * w;
      let next = tau + quadraticRootIn(c, a, b, lo - tau, hi - tau);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (next === tau || next <= lo || next >= hi) break;
      tau = next;
    }
    lambda[j] = o + tau;
    for (let i = 0; i < k; i++) delta[i * k + j] = p[i] - tau;
  }
}

/** A root of c η² − a η + b = 0 inside (lo, hi) if there is one (NaN if none), by the cancellation-free formulas. */
function quadraticRootIn(c: number, a: number, b: number, lo: number, hi: number): number {
  if (c === 0) return a === 0 ? Number.NaN : b / a;
  const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
  const q = a >= 0 ? 0.5 * (a + disc) : 0.5 * (a - disc);
  const r1 = q / c, r2 = q === 0 ? Number.NaN : b / q;
  if (r1 > lo && r1 < hi) return r1;
  if (r2 > lo && r2 < hi) return r2;
  return Number.NaN;
}
