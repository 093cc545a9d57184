/** Balanced layer lists with the given widths [d_0, …, d_N] (network/init.ts), from a seed. */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { rng } from "../../src/linalg/random.js";
import { balancedRandom } from "../../src/network/init.js";

export function balancedLayers(widths: readonly number[], std = 0.5): fc.Arbitrary<Matrix[]> {
  return fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => balancedRandom(widths, rng(seed), std));
}
