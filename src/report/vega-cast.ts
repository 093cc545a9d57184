/**
 * Between vega-lite's own spec type, against which the figure builders are
 * checked, and the plain VegaLiteSpec of the public declarations (spec.ts).
 */
import type { TopLevelSpec } from "vega-lite";
import type { VegaLiteSpec } from "./spec.js";

/** A spec checked against vega-lite's types, handed out as plain JSON. */
export function publicSpec(spec: TopLevelSpec): VegaLiteSpec {
  return spec as unknown as VegaLiteSpec;
}

/** Back to vega-lite's type, for its compiler. */
export function vegaLiteSpec(spec: VegaLiteSpec): TopLevelSpec {
  return spec as unknown as TopLevelSpec;
}
