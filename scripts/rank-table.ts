/**
 * The rank table of docs/accuracy.md ("Rank decisions"): every case of
 * test/fixtures/rank-cases.json (50-digit references from
 * scripts/gen-rank-cases.py) evaluated through the public API, per group and
 * τ: the worst loss and gradient error in units of the bound that
 * test/rank-references.test.ts asserts (1e-12 relative + 2n rounding floors),
 * the worst relative errors (over the cases whose value, resp. gradient, is
 * a million times its rounding floor: at W = R0 the loss is the square of
 * R0's own rounding, 1e-41, and has no relative accuracy to measure), and how often the gradient was refused where L
 * is differentiable or given where it is not. Uses only bwTarget, so it runs
 * against any revision: `npx tsx scripts/rank-table.ts [root]` with root the
 * checkout to measure (default: this one).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

type Case = {
  group: string;
  id: string;
  sigma0: number[][];
  W: number[][];
  tau: number;
  expect: { loss: number; differentiable: boolean; grad?: number[][]; lossRoundingFloor: number; gradRoundingFloor?: number; noiseSigma: number };
};

type Target = {
  loss(w: number[][], o: { tau: number }): number;
  grad(w: number[][], o: { tau: number }): { data: Float64Array };
};

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(process.argv[2] ?? resolve(here, ".."));
const { bwTarget } = (await import(pathToFileURL(resolve(root, "src/bures/target.ts")).href)) as { bwTarget: (s: number[][]) => Target };
const fixture: { cases: Case[] } = JSON.parse(readFileSync(resolve(here, "../test/fixtures/rank-cases.json"), "utf8"));

type Row = { cases: number; lossBound: number; gradBound: number; lossRel: number; gradRel: number; refused: number; given: number };
const rows = new Map<string, Row>();
for (const c of fixture.cases) {
  const key = `${c.group} | ${c.tau}`;
  const row = rows.get(key) ?? { cases: 0, lossBound: 0, gradBound: 0, lossRel: 0, gradRel: 0, refused: 0, given: 0 };
  rows.set(key, row);
  row.cases++;
  const t = bwTarget(c.sigma0);
  const n = c.sigma0.length, e = c.expect;
  const loss = t.loss(c.W, { tau: c.tau });
  const lossErr = Math.abs(loss - e.loss);
  row.lossBound = Math.max(row.lossBound, lossErr / (1e-12 * Math.abs(e.loss) + 2 * n * e.lossRoundingFloor + 2 * e.noiseSigma));
  if (2 * n * e.lossRoundingFloor < 1e-6 * Math.abs(e.loss)) row.lossRel = Math.max(row.lossRel, lossErr / Math.abs(e.loss));
  let g: { data: Float64Array } | null = null;
  try {
    g = t.grad(c.W, { tau: c.tau });
  } catch (err) {
    if (!(err instanceof Error && err.name === "NotDifferentiableError")) throw err;
  }
  if (g === null && e.differentiable) row.refused++;
  if (g !== null && !e.differentiable) row.given++;
  if (g !== null && e.grad) {
    const ref = e.grad.flat();
    let num = 0, den = 0;
    for (let k = 0; k < ref.length; k++) {
      num += (g.data[k] - ref[k]) ** 2;
      den += ref[k] ** 2;
    }
    row.gradBound = Math.max(row.gradBound, Math.sqrt(num) / (1e-12 * Math.sqrt(den) + 2 * n * (e.gradRoundingFloor ?? 0)));
    if (2 * n * (e.gradRoundingFloor ?? 0) < 1e-6 * Math.sqrt(den)) row.gradRel = Math.max(row.gradRel, Math.sqrt(num) / Math.sqrt(den));
  }
}

const f = (x: number): string => x.toExponential(1);
console.log("| group | τ | cases | loss error / bound | grad error / bound | loss error / value | grad error / ‖grad‖ | grad refused where L is differentiable | grad given where it is not |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const [key, r] of rows) {
  console.log(`| ${key} | ${r.cases} | ${f(r.lossBound)} | ${f(r.gradBound)} | ${f(r.lossRel)} | ${f(r.gradRel)} | ${r.refused} | ${r.given} |`);
}
