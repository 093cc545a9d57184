export { bwTarget, type LossOptions, type Target } from "./target.js";
export { BwInputError, NotDifferentiableError } from "./errors.js";
export { endToEnd, endToEndVelocity, layerGradsFrom, partialProduct, readLayers } from "./layers.js";
export { FAST_PATH_MAX_CONDITION } from "./w-space.js";
