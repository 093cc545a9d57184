/**
 * bwcheck's public API (DESIGN.md "Public API"): re-exports only.
 */
export {
  type Matrix,
  type MatrixLike,
  fromRows,
  toRows,
  zeros,
  identity,
  fromDiagonal,
  transpose,
} from "./linalg/matrix.js";
export { add, sub, scale, inner, frobeniusNorm, trace, relativeError, symmetrize } from "./linalg/ops.js";
export { matmul, matmulAtB, matmulABt, gram } from "./linalg/products.js";
export { symmetricEigen, symmetricEigenvalues, type SymmetricEigen } from "./linalg/eigen.js";
export { svd, fullSvd, singularValues, type ThinSvd } from "./linalg/svd.js";
export { qr } from "./linalg/qr.js";
export { psdPower, psdSqrt, psdInvSqrt } from "./linalg/psd-functions.js";
export { rng, type Rng, randomNormal, randomOrthogonal, randomStiefel, randomWithSpectrum } from "./linalg/random.js";
export { bwTarget, type Target, type LossOptions } from "./bures/target.js";
export { BwInputError, NotDifferentiableError } from "./bures/errors.js";
export { endToEnd, endToEndVelocity } from "./bures/layers.js";
export { directionalDerivative, directionalDerivativeMatrix } from "./derivcheck/finite-difference.js";
export { taylorRemainders, slopeAboveFloor, type Remainders } from "./derivcheck/taylor.js";
export { checkGradient } from "./derivcheck/check-gradient.js";
export { checkHessian } from "./derivcheck/check-hessian.js";
export type { CheckOptions, CheckResult, DirectionReport } from "./derivcheck/types.js";
export { taylorFigureSpec, taylorFigureSvg } from "./report/taylor-figure.js";
export { balancedness, balanceDefects } from "./network/balance.js";
export { balancedClose, balancedFactorization, balancedRandom } from "./network/init.js";
export { gradientDescent, gradientFlow, type TracePoint, type TrainResult } from "./network/train.js";
export { endToEndVelocityFormula, layerImpliedVelocity } from "./network/end-to-end.js";
export { minimumOverRank, theoryConstants, type TheoryConstants } from "./network/constants.js";
export { LayerObjective } from "./network/objective.js";
export { dopri5 } from "./network/ode.js";
export { criticalPoints, type CriticalPoint, type CriticalSet } from "./landscape/critical-points.js";
export { fixedRankPoint, riemannianHessian, tangentProject } from "./landscape/fixed-rank.js";
