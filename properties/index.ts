/**
 * fast-check arbitraries for property tests of the BW loss, importable as
 * `import { spdTarget, rankKMatrix, … } from "bwcheck/properties"`. Each is
 * built from fast-check primitives, so failures shrink to small counterexamples
 * and print the seed and path that replay them.
 */
export { spdTarget, spdTargetWithSpectrum, type SpdTarget, type SpectrumOptions } from "./arbitraries/spd-target.js";
export { psdTarget, type PsdTarget } from "./arbitraries/psd-target.js";
export { denseMatrix } from "./arbitraries/dense-matrix.js";
export { stiefelMatrix } from "./arbitraries/stiefel.js";
export { rankKMatrix } from "./arbitraries/rank-k.js";
export { nearLowRankFamily, type NearLowRankFamily } from "./arbitraries/near-low-rank.js";
export { balancedLayers } from "./arbitraries/balanced-layers.js";
export { propertyParams, runs, DEFAULT_PROPERTY_SEED } from "./runs.js";
