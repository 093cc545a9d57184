/**
 * Generic figures for the report: several named series on shared axes
 * (log scales where asked), and labelled points. Titles, axis titles and a
 * legend on each, so a figure reads without its caption.
 */
import type { TopLevelSpec } from "vega-lite";
import type { VegaLiteSpec } from "./spec.js";
import { publicSpec } from "./vega-cast.js";

export type Series = { name: string; x: number[]; y: number[]; dashed?: boolean };

export function seriesFigureSpec(args: {
  title: string;
  subtitle?: string;
  series: Series[];
  xTitle: string;
  yTitle: string;
  logX?: boolean;
  logY?: boolean;
}): VegaLiteSpec {
  const rows = args.series.flatMap((s) => s.x.map((x, i) => ({ x, y: Math.abs(s.y[i]), series: s.name, dash: s.dashed ? "dashed" : "solid" })).filter((r) => r.y > 0 && Number.isFinite(r.y)));
  return publicSpec({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: args.title, ...(args.subtitle ? { subtitle: args.subtitle } : {}) },
    width: 520,
    height: 320,
    data: { values: rows },
    mark: { type: "line", point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: "x", type: "quantitative", scale: args.logX ? { type: "log" } : {}, axis: { title: args.xTitle, ...(args.logX ? { format: ".0e" } : {}) } },
      y: { field: "y", type: "quantitative", scale: args.logY ? { type: "log" } : {}, axis: { title: args.yTitle, ...(args.logY ? { format: ".0e" } : {}) } },
      color: { field: "series", type: "nominal", legend: { title: null, orient: "right", labelLimit: 320 } },
      strokeDash: { field: "dash", type: "nominal", legend: null, scale: { domain: ["solid", "dashed"], range: [[1, 0], [6, 4]] } },
    },
  } as TopLevelSpec);
}

export type LabelledPoint = { label: string; value: number; group: string; series: string };

/** Points by label (x, nominal) and value (y), coloured by group, one column per series. */
export function pointsFigureSpec(args: { title: string; subtitle?: string; points: LabelledPoint[]; xTitle: string; yTitle: string }): VegaLiteSpec {
  return publicSpec({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: args.title, ...(args.subtitle ? { subtitle: args.subtitle } : {}) },
    data: { values: args.points },
    facet: { column: { field: "series", type: "nominal", title: null } },
    spec: {
      width: 260,
      height: 300,
      mark: { type: "point", filled: true, size: 90 },
      encoding: {
        x: { field: "label", type: "nominal", sort: null, axis: { title: args.xTitle, labelAngle: -40 } },
        y: { field: "value", type: "quantitative", axis: { title: args.yTitle } },
        color: { field: "group", type: "nominal", legend: { title: null } },
        shape: { field: "group", type: "nominal", legend: null },
      },
    },
  } as TopLevelSpec);
}
