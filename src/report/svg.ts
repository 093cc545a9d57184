/**
 * Renders a Vega-Lite specification to an SVG string, headless (Vega's SVG
 * renderer needs no canvas).
 *
 * vega and vega-lite are imported on first use, not at module load: they cost
 * about half a second of import time, and vega-canvas's top-level
 * `await import("canvas")` would make every module that imports this one
 * impossible to `require()` (ERR_REQUIRE_ASYNC_MODULE).
 */
import type { VegaLiteSpec } from "./spec.js";
import { vegaLiteSpec } from "./vega-cast.js";

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile(vegaLiteSpec(spec), { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
