/**
 * summary.md: the table of claims, then one section per claim — statement,
 * hypotheses, source and the file that checks it, method, instances, worst
 * margin, evidence, counterexample, figures — so that a reader who knows the
 * paper goes from the report to the check in one step.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import type { VerifyResults } from "./results.js";

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function summaryMarkdown(results: VerifyResults, outDir: string, repoRoot: string): string {
  const lines: string[] = [];
  const bad = results.claims.filter((c) => c.status !== c.expect).length;
  lines.push("# bwcheck verify: the claims of the BW-loss paper, re-checked", "");
  lines.push(`Seed ${results.seed}, ${results.runs} random instances per claim${results.shard ? `, shard ${results.shard}` : ""}. ` +
    (bad === 0 ? "Every claim's status equals its expectation." : `**${bad} claim(s) differ from their expectation.**`), "");
  lines.push("| claim | title | status | expected | instances | source | evidence |", "| --- | --- | --- | --- | --- | --- | --- |");
  for (const c of results.claims) {
    const status = c.status === c.expect ? c.status : `**${c.status}**`;
    lines.push(`| [${c.id}](#${c.id.toLowerCase()}) | ${cell(c.title)} | ${status} | ${c.expect} | ${c.instances} | ${c.source} | ${cell(c.evidence)} |`);
  }
  lines.push("");
  for (const c of results.claims) {
    // an installed copy ships the compiled claim files (dist/proofs-check/*.js, comments kept), not the .ts
    const source = `${repoRoot}/${c.file}`;
    const file = relative(outDir, existsSync(source) ? source : `${repoRoot}/dist/${c.file.replace(/\.ts$/, ".js")}`);
    lines.push(`## ${c.id}`, "", `### ${c.title}: ${c.status}${c.status === c.expect ? "" : ` (expected ${c.expect})`}`, "");
    lines.push(`**Statement.** ${c.statement}`, "");
    lines.push(`**Hypotheses.** ${c.hypotheses.join("; ")}.`, "");
    lines.push(`**Source.** ${c.source === "paper" ? "the paper" : "the authors' code (our reading of its constants)"}. Checked by [\`${c.file}\`](${file}).`, "");
    lines.push(`**Method.** ${c.method}.`, "");
    const margin = c.worstMargin.value === null ? "none" : `${c.worstMargin.value.toPrecision(4)} (${c.worstMargin.what})`;
    lines.push(`**Instances.** ${c.instances} (seed ${c.seed}). **Worst margin.** ${margin}.`, "");
    lines.push(`**Evidence.** ${c.evidence}`, "");
    if (c.counterexample !== undefined) lines.push("**Counterexample.**", "", "```json", JSON.stringify(c.counterexample, null, 1), "```", "");
    for (const f of c.figures) lines.push(`![${f.title}](${f.path})`, "", `*${f.title}*`, "");
  }
  return lines.join("\n");
}
