/**
 * Options and results of the derivative checker (DESIGN.md "Public API":
 * checkGradient(f, grad, x, opts) and checkHessian(f, grad, hvp, x, opts)).
 */
import type { Matrix, MatrixLike } from "../linalg/matrix.js";

export type ScalarFn = (x: Matrix) => number;
export type GradFn = (x: Matrix) => Matrix;
export type HvpFn = (x: Matrix, v: Matrix) => Matrix;

export type CheckOptions = {
  /** seed of the random directions (default 1); printed in the result so a run can be replayed */
  seed?: number;
  /** number of random directions (default 3) */
  directions?: number;
  /** a slope may fall this far below its order (2 or 3) before it fails (default 0.5: midway to the slope of a wrong formula) */
  slopeTolerance?: number;
  /** largest relative disagreement with finite differences (default 1e-6) */
  fdTolerance?: number;
  /** largest relative asymmetry ⟨u, Hv⟩ − ⟨Hu, v⟩ of a Hessian (default 1e-8) */
  symmetryTolerance?: number;
  /**
   * finite differences of every coordinate as well as along directions:
   * true, false, or "auto" (default: when x has at most 64 entries for a
   * gradient, 36 for a Hessian)
   */
  full?: boolean | "auto";
  /**
   * size of the terms that cancel inside f, when f is a difference of large
   * terms (the BW loss ‖W‖² + tr Σ0 − 2‖R0W‖_* near its minimum): its
   * round-off is then ε·magnitude, not ε|f|. Optional: the noise is also
   * measured (ECnoise) and the larger level is used.
   */
  magnitude?: number;
  /** maps a random direction onto the allowed ones (e.g. symmetrise, for Σ-space) */
  project?: (v: Matrix) => MatrixLike;
};

/** What one direction showed, and the data behind its plot. */
export type DirectionReport = {
  /** decided slope of the remainder on the small-t side above round-off; null when all remainders are round-off */
  slope: number | null;
  /** |⟨∇f, v⟩ − finite difference| / |⟨∇f, v⟩| (gradient) or ‖Hv − FD‖ / ‖Hv‖ (Hessian) */
  fdError: number;
  /** Ridders' own error estimate for the finite difference, relative like fdError */
  fdUncertainty: number;
  /**
   * the relative disagreement the comparison cannot tell from 0: 10 × fdUncertainty plus the noise of f
   * (or ∇f) over the smallest step, relative like fdError; the test passes when fdError ≤ fdTolerance + fdResolution
   */
  fdResolution: number;
  /** the round-off level of f along this direction */
  floor: number;
  t: number[];
  /** |f(x+tv) − f(x) − t⟨∇f, v⟩| */
  e1: number[];
  /** |E1 term − t²/2 ⟨v, Hv⟩| (Hessian checks only) */
  e2?: number[];
};

export type CheckResult = {
  kind: "gradient" | "hessian";
  ok: boolean;
  /** the slope verdict: median of the directions' decided slopes (null when every direction was round-off) */
  slope: number | null;
  /** 2 for gradients, 3 for Hessians */
  expectedSlope: number;
  slopes: (number | null)[];
  relativeErrors: {
    /** worst directional finite-difference disagreement */
    directional: number;
    /** full finite-difference gradient/Hessian against the given one, when computed */
    full: number | null;
    /**
     * the largest fdResolution of the finite-difference tests (directions and full): a formula whose relative
     * error is below fdTolerance + resolution passes them. Round-off-level (≪ fdTolerance) for f computed to
     * near machine precision; larger for a noisy f (float32 arithmetic: ~1e-2), where `ok` says that much less
     */
    resolution: number;
    /** Hessian symmetry (Hessian checks only) */
    symmetry: number | null;
    /** ‖H(au + bv) − aHu − bHv‖ relative: is hvp linear in v (Hessian checks only) */
    linearity: number | null;
  };
  seed: number;
  directions: number;
  /** one line per failed test, saying which and by how much; empty when ok */
  failures: string[];
  plot: { directions: DirectionReport[]; expectedSlope: number };
  /** f evaluations spent */
  evaluations: number;
};
