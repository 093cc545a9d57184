/** The one table `npm run bench` prints: every ratio against a peer measured in the same run. */
import { allReferenceErrors } from "./accuracy.js";
import { benchHessian } from "./hessian.js";
import { benchLossGrad, type Row } from "./loss-grad.js";
import { formatSeconds } from "./stats.js";
import { benchSymbolic } from "./symbolic.js";
import { benchTrain } from "./train.js";

export type TableOptions = { sizes?: number[]; hessianSizes?: number[]; gdWidths?: number[][]; symbolic?: boolean; progress?: (row: Row) => void };

export function benchTable(opts: TableOptions = {}): Row[] {
  const rows: Row[] = [];
  const push = (row: Row): void => {
    rows.push(row);
    opts.progress?.(row);
  };
  // GD first, on a fresh heap as a training run has: after the Hessians (1024² matrices, their JSON)
  // V8's GC threads, whose CPU time counts against us, inflated [4, 4, 4, 4] by 1.7×
  const gd: Row[] = [];
  for (const w of opts.gdWidths ?? [[4, 4, 4, 4], [32, 32, 32], [64, 64, 64]]) gd.push(...benchTrain(w));
  for (const n of opts.sizes ?? [4, 8, 16, 32, 64, 128, 256]) for (const tau of [0.1, 0]) push(benchLossGrad(n, tau));
  for (const n of opts.hessianSizes ?? [8, 16, 32]) for (const tau of [0.1, 0]) push(benchHessian(n, tau));
  gd.forEach(push);
  if (opts.symbolic ?? true) {
    for (const s of benchSymbolic()) {
      push({ what: "symbolic ∇+H", size: s.form, path: "", ours: s.oursMs / 1000, numpy: s.sympyMs / 1000, ratio: s.oursMs / s.sympyMs, target: "≤ 0.2", accuracy: null, agreement: Number.NaN });
    }
  }
  return rows;
}

const HEADER = ["case", "size", "path", "ours", "peer", "ours/peer", "target", "50-digit err", "Δ peer"];

export function formatRow(r: Row): string[] {
  const met = r.target.startsWith("≤") ? r.ratio <= Number(r.target.slice(2)) : true;
  return [
    r.what,
    r.size,
    r.path,
    formatSeconds(r.ours),
    formatSeconds(r.numpy),
    `${r.ratio.toFixed(2)}${met ? "" : " ✗"}`,
    r.target,
    r.accuracy === null ? "—" : r.accuracy.toExponential(1),
    Number.isNaN(r.agreement) ? "—" : r.agreement.toExponential(1),
  ];
}

/** A Markdown table (it reads as plain text too). */
export function printTable(rows: readonly Row[]): void {
  const cells = [HEADER, ...rows.map(formatRow)];
  const widths = HEADER.map((_, j) => Math.max(...cells.map((c) => c[j].length)));
  const line = (c: string[]): string => `| ${c.map((x, j) => x.padEnd(widths[j])).join(" | ")} |`;
  console.log("Numeric core against numpy (OpenBLAS, 1 thread) and SymPy in the same run; medians of CPU time (symbolic: wall time); ✗ = target missed");
  console.log("peer: numpy eigh formula (loss+grad), numpy Daleckii–Krein (Hessian), numpy loop with the eigh formula (GD; \"numpy SVD\": with LAPACK's SVD and the cancellation-free loss, for information), SymPy (symbolic)");
  console.log(line(cells[0]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells.slice(1)) console.log(line(c));
  const acc = allReferenceErrors();
  console.log(
    `50-digit references (${acc.cases} cases, cond A up to ${acc.condMax.toExponential(0)}): worst loss ${acc.loss.toExponential(1)}, gradient ${acc.grad.toExponential(1)} (target ≤ 1e-12), Hessian ${acc.hessian.toExponential(1)} (target ≤ 1e-9); ` +
      `${acc.beyondTarget} case(s) above 1e-12, ${acc.beyondSvd} of them worse than 1.5× the SVD path's own error, ${acc.beyondFloor} above their rounding floor (the spread under half-ulp changes of Σ0 and W)`,
  );
}
