/**
 * Benchmark of the symbolic derivation (issue 4's target: ours ≤ 1/5 of
 * SymPy's time): the gradient and the full Hessian of the 2×2 W-space closed
 * form L(W) = B²(W Wᵀ, Σ0), derived by mathjs (+ tidy) here and by SymPy in a
 * python3 process in the same run, both from the same text, both without
 * simplification. Parsing is included on both sides; SymPy's cache is
 * cleared between rounds.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { wForm } from "../src/symbolic/closed-forms.js";
import { deriveWithMathjs } from "../src/symbolic/mathjs-engine.js";
import { median } from "./stats.js";

export type SymbolicRow = { form: string; oursMs: number; oursFirstMs: number; sympyMs: number; sympyVersion: string };

export function benchSymbolic(rounds = 15): SymbolicRow[] {
  const rows: SymbolicRow[] = [];
  for (const form of [wForm(2), wForm(3, { tau: true })]) {
    const t0 = performance.now();
    deriveWithMathjs(form);
    const first = performance.now() - t0;
    const ours: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const t = performance.now();
      deriveWithMathjs(form);
      ours.push(performance.now() - t);
    }
    const peer = spawnSync("python3", [fileURLToPath(new URL("./peer_sympy.py", import.meta.url))], {
      input: JSON.stringify({ loss: form.loss, variables: form.variables, rounds }),
      encoding: "utf8",
    });
    if (peer.status !== 0) throw new Error(`sympy peer failed: ${peer.stderr}`);
    const p = JSON.parse(peer.stdout) as { seconds: number[]; version: string };
    rows.push({ form: form.name, oursMs: median(ours), oursFirstMs: first, sympyMs: median(p.seconds) * 1000, sympyVersion: p.version });
  }
  return rows;
}
