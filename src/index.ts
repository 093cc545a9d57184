/**
 * bwcheck's public API (docs/library.md is the guide; `npm run docs` renders
 * the TSDoc into docs/api/). Every function that takes a matrix takes any `MatrixLike`: a
 * `Matrix`, nested arrays, an ml-matrix `Matrix` or a mathjs matrix — the
 * functions below that are wrapped with `acceptMatrixLike` convert their
 * matrix arguments once on entry; `Target`'s methods and `checkGradient` /
 * `checkHessian` read them through the same conversion.
 */
import { acceptMatrixLike, toRows as toRows0, transpose as transpose0 } from "./linalg/matrix.js";
import * as ops from "./linalg/ops.js";
import * as products from "./linalg/products.js";
import * as eigen from "./linalg/eigen.js";
import * as svds from "./linalg/svd.js";
import { qr as qr0 } from "./linalg/qr.js";
import * as psd from "./linalg/psd-functions.js";
import * as layers from "./bures/layers.js";
import * as balance from "./network/balance.js";
import * as init from "./network/init.js";
import * as train from "./network/train.js";
import * as e2e from "./network/end-to-end.js";
import * as fixedRank from "./landscape/fixed-rank.js";

export {
  type Matrix,
  type MatrixLike,
  asMatrix,
  fromRows,
  zeros,
  identity,
  fromDiagonal,
} from "./linalg/matrix.js";
export { toMlMatrix, fromMlMatrix, type MlMatrixLike, type MathjsMatrixLike } from "./linalg/interop.js";
export const toRows = acceptMatrixLike(toRows0);
export const transpose = acceptMatrixLike(transpose0);
export const add = acceptMatrixLike(ops.add);
export const sub = acceptMatrixLike(ops.sub);
export const scale = acceptMatrixLike(ops.scale);
export const inner = acceptMatrixLike(ops.inner);
export const frobeniusNorm = acceptMatrixLike(ops.frobeniusNorm);
export const trace = acceptMatrixLike(ops.trace);
export const relativeError = acceptMatrixLike(ops.relativeError);
export const symmetrize = acceptMatrixLike(ops.symmetrize);
export const matmul = acceptMatrixLike(products.matmul);
export const matmulAtB = acceptMatrixLike(products.matmulAtB);
export const matmulABt = acceptMatrixLike(products.matmulABt);
export const gram = acceptMatrixLike(products.gram);
export const symmetricEigen = acceptMatrixLike(eigen.symmetricEigen);
export const symmetricEigenvalues = acceptMatrixLike(eigen.symmetricEigenvalues);
export type { SymmetricEigen } from "./linalg/eigen.js";
export const svd = acceptMatrixLike(svds.svd);
export const fullSvd = acceptMatrixLike(svds.fullSvd);
export const singularValues = acceptMatrixLike(svds.singularValues);
export type { ThinSvd } from "./linalg/svd.js";
export const qr = acceptMatrixLike(qr0);
export const psdPower = acceptMatrixLike(psd.psdPower);
export const psdSqrt = acceptMatrixLike(psd.psdSqrt);
export const psdInvSqrt = acceptMatrixLike(psd.psdInvSqrt);
export { rng, type Rng, randomNormal, randomOrthogonal, randomStiefel, randomWithSpectrum } from "./linalg/random.js";
export { bwTarget, type Target, type LossOptions } from "./bures/target.js";
export { BwInputError, NotDifferentiableError } from "./bures/errors.js";
export const endToEnd = acceptMatrixLike(layers.endToEnd);
export const endToEndVelocity = acceptMatrixLike(layers.endToEndVelocity);
export { directionalDerivative, directionalDerivativeMatrix } from "./derivcheck/finite-difference.js";
export { taylorRemainders, slopeAboveFloor, type Remainders } from "./derivcheck/taylor.js";
export { checkGradient } from "./derivcheck/check-gradient.js";
export { checkHessian } from "./derivcheck/check-hessian.js";
export type { CheckOptions, CheckResult, DirectionReport } from "./derivcheck/types.js";
export { taylorFigureSpec, taylorFigureSvg } from "./report/taylor-figure.js";
export const balancedness = acceptMatrixLike(balance.balancedness);
export const balanceDefects = acceptMatrixLike(balance.balanceDefects);
export const balancedClose = acceptMatrixLike(init.balancedClose);
export const balancedFactorization = acceptMatrixLike(init.balancedFactorization);
export { balancedRandom } from "./network/init.js";
export const gradientDescent = acceptMatrixLike(train.gradientDescent);
export const gradientFlow = acceptMatrixLike(train.gradientFlow);
export type { TracePoint, TrainResult } from "./network/train.js";
export const endToEndVelocityFormula = acceptMatrixLike(e2e.endToEndVelocityFormula);
export const layerImpliedVelocity = acceptMatrixLike(e2e.layerImpliedVelocity);
export { minimumOverRank, theoryConstants, type TheoryConstants } from "./network/constants.js";
export { LayerObjective } from "./network/objective.js";
export { dopri5 } from "./network/ode.js";
export { criticalPoints, type CriticalPoint, type CriticalSet } from "./landscape/critical-points.js";
export const fixedRankPoint = acceptMatrixLike(fixedRank.fixedRankPoint);
export const tangentProject = acceptMatrixLike(fixedRank.tangentProject);
export const riemannianHessian = acceptMatrixLike(fixedRank.riemannianHessian);
