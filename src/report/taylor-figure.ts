/**
 * The derivative checker's figure (Manopt's checkgradient/checkhessian
 * plots): |Taylor remainder| against t on log-log axes, one line per
 * direction, with the reference slope (2 for gradients, 3 for Hessians)
 * drawn beside them and the measured round-off floor as a dashed rule.
 */
import type { TopLevelSpec } from "vega-lite";
import type { VegaLiteSpec } from "./spec.js";
import { publicSpec } from "./vega-cast.js";
import type { CheckResult } from "../derivcheck/types.js";
import { renderSvg } from "./svg.js";

const DECADES = Array.from({ length: 9 }, (_, k) => 10 ** -k);

type Row = { t: number; remainder: number; series: string; kind: "measured" | "reference" };

export function taylorFigureSpec(result: CheckResult, title?: string): VegaLiteSpec {
  const order = result.expectedSlope;
  const which = result.kind === "gradient" ? "E1" : "E2";
  const rows: Row[] = [];
  result.plot.directions.forEach((d, k) => {
    const e = result.kind === "gradient" ? d.e1 : (d.e2 as number[]);
    const label = `direction ${k} (slope ${d.slope === null ? "round-off" : d.slope.toFixed(2)})`;
    d.t.forEach((t, i) => {
      if (e[i] > 0 && Number.isFinite(e[i])) rows.push({ t, remainder: e[i], series: label, kind: "measured" });
    });
  });
  // reference line of the expected slope, through the median remainder at t = 1e-2
  const ref: Row[] = [];
  const anchor = rows.filter((r) => Math.abs(Math.log10(r.t) + 2) < 0.01).map((r) => r.remainder).sort((a, b) => a - b);
  const a = anchor.length ? anchor[Math.floor(anchor.length / 2)] : 1e-6;
  for (const t of [1, 1e-8]) ref.push({ t, remainder: a * (t / 1e-2) ** order, series: `slope ${order} (reference)`, kind: "reference" });
  const floor = Math.max(...result.plot.directions.map((d) => d.floor));
  const yMin = Math.max(Math.min(...rows.map((r) => r.remainder)) / 10, 1e-300);
  const clippedRef = ref.map((r) => ({ ...r, remainder: Math.max(r.remainder, yMin) }));
  const verdict = result.ok ? "passed" : "FAILED";
  return publicSpec({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: title ?? `Taylor remainder ${which} of the ${result.kind}: ${verdict}`,
      subtitle: `expected slope ${order}; worst measured ${result.slope === null ? "— (round-off everywhere)" : result.slope.toFixed(2)}; directions seed ${result.seed}`,
    },
    width: 520,
    height: 340,
    layer: [
      {
        data: { values: [...rows, ...clippedRef] },
        mark: { type: "line", point: false, strokeWidth: 1.5 },
        encoding: {
          x: { field: "t", type: "quantitative", scale: { type: "log" }, axis: { title: "step t (relative to ‖x‖)", format: ".0e", values: DECADES } },
          y: { field: "remainder", type: "quantitative", scale: { type: "log" }, axis: { title: `|${which}(t)|`, format: ".0e", tickCount: 8 } },
          color: { field: "series", type: "nominal", legend: { title: null, orient: "bottom-right", labelLimit: 260 } },
          strokeDash: { field: "kind", type: "nominal", legend: null, scale: { domain: ["measured", "reference"], range: [[1, 0], [6, 4]] } },
        },
      },
      {
        data: { values: [{ floor, label: "round-off floor" }] },
        layer: [
          { mark: { type: "rule", strokeDash: [2, 3], color: "gray" }, encoding: { y: { field: "floor", type: "quantitative" } } },
          {
            mark: { type: "text", align: "left", dx: 4, dy: -6, color: "gray" },
            encoding: { y: { field: "floor", type: "quantitative" }, x: { value: 0 }, text: { field: "label" } },
          },
        ],
      },
    ],
  } as TopLevelSpec);
}

export function taylorFigureSvg(result: CheckResult, title?: string): Promise<string> {
  return renderSvg(taylorFigureSpec(result, title));
}
