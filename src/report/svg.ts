/**
 * Renders a Vega-Lite specification to an SVG string, headless (Vega's SVG
 * renderer needs no canvas).
 */
import * as vega from "vega";
import * as vegaLite from "vega-lite";

export async function renderSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec, { logger: quietLogger() }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Vega-Lite's warnings would go to the console; collect nothing, print nothing. */
function quietLogger(): vega.LoggerInterface {
  return vega.logger(vega.None);
}
