/**
 * The accuracy table of docs/accuracy.md: every case of
 * test/fixtures/edge-accuracy.json (50-digit references from
 * scripts/gen-edge-fixtures.py) evaluated through the public API, errors
 * relative to the scale tr Σ + tr Σ0 (W-space: ‖W‖² + nτ + tr Σ0) and, where
 * the value is not 0, relative to the value itself; the transport map's error
 * relative to ‖T‖_F. Uses only bwTarget, so it runs against any revision.
 *
 * Run: npx tsx scripts/accuracy-table.ts
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bwTarget } from "../src/bures/target.js";
import { fromRows } from "../src/linalg/matrix.js";
import { relativeError } from "../src/linalg/ops.js";

type Expect = { bures2?: number; loss?: number; scale: number; transportMap?: number[][]; hvp?: number[][] };
type Case = { id: string; kind: string; Sigma?: number[][]; sigma0: number[][]; W?: number[][]; tau?: number; E?: number[][]; expect: Expect };
type Fixture = { sigma: Case[]; w: Case[] };

export type Row = { space: "Σ" | "W"; id: string; kind: string; value: number; reference: number; errScale: number; errRel: number | null; errT: number | null; errHvp: number | null };

/** A derivative's relative error (T, HVP), or NaN where the library refuses it (a revision that calls R0 Σ R0 singular). */
function transportError(f: () => number): number {
  try {
    return f();
  } catch (err) {
    if (err instanceof Error && err.name === "NotDifferentiableError") return Number.NaN;
    throw err;
  }
}

export function accuracyRows(): Row[] {
  const path = fileURLToPath(new URL("../test/fixtures/edge-accuracy.json", import.meta.url));
  const fx: Fixture = JSON.parse(readFileSync(path, "utf8"));
  const rows: Row[] = [];
  for (const c of fx.sigma) {
    const t = bwTarget(c.sigma0);
    const value = t.bures2(c.Sigma as number[][]);
    const ref = c.expect.bures2 as number;
    const errT = c.expect.transportMap ? transportError(() => relativeError(t.transportMap(c.Sigma as number[][]), fromRows(c.expect.transportMap as number[][]))) : null;
    const errHvp = c.expect.hvp ? transportError(() => relativeError(t.sigmaHvp(c.Sigma as number[][], c.E as number[][]), fromRows(c.expect.hvp as number[][]))) : null;
    rows.push({ space: "Σ", id: c.id, kind: c.kind, value, reference: ref, errScale: Math.abs(value - ref) / c.expect.scale, errRel: ref > 0 ? Math.abs(value - ref) / ref : null, errT, errHvp });
  }
  for (const c of fx.w) {
    const t = bwTarget(c.sigma0);
    const value = t.loss(c.W as number[][], { tau: c.tau });
    const ref = c.expect.loss as number;
    rows.push({ space: "W", id: c.id, kind: c.kind, value, reference: ref, errScale: Math.abs(value - ref) / c.expect.scale, errRel: ref > 0 ? Math.abs(value - ref) / ref : null, errT: null, errHvp: null });
  }
  return rows;
}

const e = (x: number | null) => (x === null ? "–" : Number.isNaN(x) ? "refused" : x === 0 ? "0" : x.toExponential(1));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log("| space | case | value | 50-digit reference | error / scale | error / value | T error (rel.) | HVP error (rel.) |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of accuracyRows()) {
    console.log(`| ${r.space} | ${r.id} | ${r.value.toExponential(3)} | ${r.reference.toExponential(3)} | ${e(r.errScale)} | ${e(r.errRel)} | ${e(r.errT)} | ${e(r.errHvp)} |`);
  }
}
