/**
 * Training the deep linear generator (PAPER.md §1, C8–C12):
 * gradient descent W_j ← W_j − η ∇_{W_j} L_τ^N with a fixed step, and gradient
 * flow Ẇ_j = −∇_{W_j} L_τ^N integrated by Dormand–Prince 5(4) with error
 * control (a fixed-step Euler loop would not conserve balancedness, C8).
 * Both record {step | t, loss, balance} every `record` steps (or at every
 * accepted flow step whose time crosses a multiple of `recordEvery`).
 */
import { flattenLayers } from "../bures/layers.js";
import type { Target } from "../bures/target.js";
import { clone, type Matrix } from "../linalg/matrix.js";
import { balancedness } from "./balance.js";
import { LayerObjective } from "./objective.js";
import { dopri5 } from "./ode.js";

export type TracePoint = { step?: number; t?: number; loss: number; balance: number };

/** A rise of the loss beyond round-off: above 64 ε times the size of the terms of L_τ. */
function rose(loss: number, previous: number, target: Target): boolean {
  return loss > previous + 64 * 2 ** -52 * (target.traceSigma0 + Math.abs(previous));
}
export type TrainResult = { trace: TracePoint[]; layers: Matrix[]; loss: number; increases: number };
export type Progress = (done: number, total: number) => void;

export function widthsOf(layers: readonly Matrix[]): number[] {
  return [layers[0].cols, ...layers.map((l) => l.rows)];
}

/** Gradient descent for `steps` steps of size `lr`; `increases` counts steps that raised the loss beyond round-off. */
export function gradientDescent(
  target: Target,
  start: readonly Matrix[],
  opts: { tau: number; lr: number; steps: number; record?: number; progress?: Progress },
): TrainResult {
  const layers = start.map(clone);
  const obj = new LayerObjective(target, widthsOf(layers), opts.tau);
  const record = opts.record ?? Math.max(1, Math.floor(opts.steps / 200));
  const trace: TracePoint[] = [];
  let previous = Infinity, increases = 0, loss = Infinity;
  for (let k = 0; k <= opts.steps; k++) {
    const { loss: l, grads } = obj.evaluate(layers);
    loss = l;
    if (rose(l, previous, target)) increases++;
    previous = l;
    if (k % record === 0 || k === opts.steps) trace.push({ step: k, loss: l, balance: balancedness(layers) });
    if (k === opts.steps) break;
    for (let j = 0; j < layers.length; j++) {
      const w = layers[j].data, g = grads[j].data;
      for (let i = 0; i < w.length; i++) w[i] -= opts.lr * g[i];
    }
    if (opts.progress && k % 1000 === 0) opts.progress(k, opts.steps);
  }
  opts.progress?.(opts.steps, opts.steps);
  return { trace, layers, loss, increases };
}

/** Gradient flow up to time `time`, recording about every `recordEvery` time units. */
export function gradientFlow(
  target: Target,
  start: readonly Matrix[],
  opts: {
    tau: number;
    time: number;
    recordEvery?: number;
    rtol?: number;
    atol?: number;
    progress?: Progress;
    /** called at every accepted step with the layers (the integrator's buffers: copy what you keep) */
    observe?: (t: number, layers: Matrix[], loss: number) => void;
  },
): TrainResult & { steps: number } {
  const shapes = start.map(clone);
  const widths = widthsOf(shapes);
  const obj = new LayerObjective(target, widths, opts.tau);
  const unflatten = (y: Float64Array): Matrix[] => {
    let off = 0;
    return shapes.map((s) => {
      const m = { rows: s.rows, cols: s.cols, data: y.subarray(off, off + s.data.length) };
      off += s.data.length;
      return m;
    });
  };
  const y0 = flattenLayers(shapes);
  const every = opts.recordEvery ?? opts.time / 100;
  const trace: TracePoint[] = [{ t: 0, loss: obj.evaluate(unflatten(y0)).loss, balance: balancedness(unflatten(y0)) }];
  let nextRecord = every, previous = trace[0].loss, increases = 0;
  const result = dopri5(
    (_t, y, out) => {
      const { grads } = obj.evaluate(unflatten(y));
      let o = 0;
      for (const g of grads) {
        for (let i = 0; i < g.data.length; i++) out[o + i] = -g.data[i];
        o += g.data.length;
      }
    },
    y0,
    0,
    opts.time,
    {
      rtol: opts.rtol ?? 1e-11,
      atol: opts.atol ?? 1e-13,
      onStep: (t, y) => {
        const ls = unflatten(y);
        const loss = obj.evaluate(ls).loss;
        if (rose(loss, previous, target)) increases++;
        previous = loss;
        opts.observe?.(t, ls, loss);
        if (t >= nextRecord - 1e-12 || t >= opts.time) {
          trace.push({ t, loss, balance: balancedness(ls) });
          nextRecord = t + every;
        }
        opts.progress?.(t, opts.time);
      },
    },
  );
  const layers = unflatten(result.y).map(clone);
  return { trace, layers, loss: trace[trace.length - 1].loss, increases, steps: result.steps };
}
