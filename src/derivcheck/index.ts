export { CannotJudgeError, checkGradient } from "./check-gradient.js";
export { checkHessian } from "./check-hessian.js";
export type { CheckOptions, CheckResult, DirectionReport } from "./types.js";
