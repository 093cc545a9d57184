/**
 * The training figure: loss − minimum against steps (GD) or time (flow), on a
 * log scale, with the C11 bound (L(0) − L*) e^{−ρ t} beside it when the rate
 * ρ is defined (for GD, t = η · step).
 */
import type { TopLevelSpec } from "vega-lite";
import type { VegaLiteSpec } from "./spec.js";
import { publicSpec } from "./vega-cast.js";
import { renderSvg } from "./svg.js";

export type TrainingFigureInput = {
  method: "gd" | "flow";
  trace: { step?: number; t?: number; loss: number }[];
  minimum: number;
  rate: number | null;
  lr?: number;
};

export function trainingFigureSpec(input: TrainingFigureInput): VegaLiteSpec {
  const x = (p: { step?: number; t?: number }) => (input.method === "gd" ? (p.step as number) : (p.t as number));
  const rows: { x: number; gap: number; series: string }[] = [];
  for (const p of input.trace) {
    const gap = p.loss - input.minimum;
    if (gap > 0) rows.push({ x: x(p), gap, series: "L_τ − L_τ* (measured)" });
  }
  const gap0 = input.trace[0].loss - input.minimum;
  if (input.rate !== null && gap0 > 0) {
    for (const p of input.trace) {
      const time = input.method === "gd" ? (p.step as number) * (input.lr as number) : (p.t as number);
      const bound = gap0 * Math.exp(-input.rate * time);
      if (bound > 0) rows.push({ x: x(p), gap: bound, series: "C11 bound (L(0) − L*) e^{−ρt}" });
    }
  }
  return publicSpec({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Training by ${input.method === "gd" ? "gradient descent" : "gradient flow"}: distance to the minimum`,
      subtitle: input.rate === null ? "C11 rate undefined (see constants)" : `C11 rate ρ = ${input.rate.toExponential(3)}${input.method === "gd" ? `, t = η·step with η = ${input.lr}` : ""}`,
    },
    width: 520,
    height: 320,
    data: { values: rows },
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "x", type: "quantitative", axis: { title: input.method === "gd" ? "step" : "time t" } },
      y: { field: "gap", type: "quantitative", scale: { type: "log" }, axis: { title: "loss − minimum over M_{≤r}", format: ".0e" } },
      color: { field: "series", type: "nominal", legend: { title: null, orient: "top-right", labelLimit: 300 } },
      strokeDash: { field: "series", type: "nominal", legend: null },
    },
  } as TopLevelSpec);
}

export function trainingFigureSvg(input: TrainingFigureInput): Promise<string> {
  return renderSvg(trainingFigureSpec(input));
}
