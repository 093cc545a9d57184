/**
 * Benchmark of checkGradient on a 16×16 problem (the derivative-checker
 * issue's budget: under 100 ms including the loss and gradient evaluations).
 * Reported beside the cost of one loss evaluation in the same run, so the
 * figure reads as "this many evaluations' worth", not only as a time.
 */
import { bwTarget } from "../src/bures/target.js";
import { checkGradient } from "../src/derivcheck/check-gradient.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { formatSeconds, median } from "./stats.js";

export type DerivcheckRow = { tau: number; check: number; loss: number; evaluations: number };

export function benchDerivcheck(reps = 15): DerivcheckRow[] {
  const r = rng(16);
  const t = bwTarget(randomWithSpectrum(Float64Array.from({ length: 16 }, (_, i) => 0.5 + 0.3 * i), r));
  const x = randomNormal(16, 16, r);
  return [0, 0.1].map((tau) => {
    const f = (w: typeof x) => t.loss(w, { tau });
    const g = (w: typeof x) => t.grad(w, { tau });
    checkGradient(f, g, x); // warm-up
    const checks: number[] = [], losses: number[] = [];
    let evaluations = 0;
    for (let k = 0; k < reps; k++) {
      const t0 = performance.now();
      evaluations = checkGradient(f, g, x, { seed: k + 1 }).evaluations;
      checks.push((performance.now() - t0) / 1000);
      const x2 = { ...x, data: x.data.map((v) => v * (1 + 1e-9 * k)) }; // defeat the memo
      const t1 = performance.now();
      f(x2);
      losses.push((performance.now() - t1) / 1000);
    }
    return { tau, check: median(checks), loss: median(losses), evaluations };
  });
}

export function printDerivcheck(rows: readonly DerivcheckRow[]): void {
  console.log("\ncheckGradient on 16×16 (3 directions, no full FD), median");
  console.log("  τ     checkGradient   one loss   f evals   check/loss");
  for (const row of rows) {
    console.log(
      `${row.tau.toFixed(1).padStart(4)}  ${formatSeconds(row.check).padStart(13)}  ${formatSeconds(row.loss).padStart(9)}  ${String(row.evaluations).padStart(8)}  ${(row.check / row.loss).toFixed(0).padStart(11)}`,
    );
  }
}
