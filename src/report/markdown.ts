/**
 * summary.md: the table of claims, then one section per claim — statement,
 * hypotheses, source and the file that checks it, method, instances, worst
 * margin, evidence, counterexample, figures — so that a reader who knows the
 * paper goes from the report to the check in one step. A partial merge says
 * so in its first lines; a section at the end explains how to read margins.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { formatMargin, type VerifyResults } from "./results.js";
import { count, missingShards, numbered } from "./wording.js";

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export const READING_MARGINS = [
  "## How to read the margins",
  "",
  "Every check of a claim is one of three kinds, and its margin is reported the same way in the evidence, in results.json (`worstMargin`) and here:",
  "",
  "- **an error against a tolerance** (an identity, a formula against a reference): *worst error 0.082× tolerance* is the largest error/tolerance over all instances and checks; the check fails above 1, so 0.082 means 8.2 % of the allowed error was used (`worstMargin.value`, at `worstMargin.at`).",
  "- **a one-sided inequality** lhs ≤ rhs (a bound, a monotonicity): *smallest slack 0.031 of tr Σ0 (fails below −1e-12)* is the least (rhs − lhs) divided by the named scale; it is ≥ 0 while the inequality holds, the check fails only below −tolerance (round-off), and its size says how far from tight the bound is (`worstMargin.slack`).",
  "- **a yes/no fact** (no increase of the loss, a classification): no margin; it either held on every instance or the claim is refuted.",
  "",
  "A claim with status `inconclusive` judged too few instances (fewer than it needs, e.g. every start outside its hypotheses); `error` means its check threw; `timed out` means it ran past its time budget (`--claim-timeout` changes it). All three fail the run (exit 1) unless they are the claim's expectation, which only `inconclusive` can be. The exit codes of every command are in docs/cli-contract.md.",
  "",
];

export function summaryMarkdown(results: VerifyResults, outDir: string, repoRoot: string): string {
  const lines: string[] = [];
  const bad = results.claims.filter((c) => c.status !== c.expect).length;
  lines.push(`# bwcheck verify: the claims of the BW-loss paper, re-checked${results.missing ? " (PARTIAL)" : ""}`, "");
  if (results.missing) {
    lines.push(
      `**Partial report** (merged with --allow-partial): ${missingShards(results.missing.shards)}; claims not run: ${results.missing.claims.join(", ")}. Nothing below speaks for them.`,
      "",
    );
  }
  lines.push(`Seed ${results.seed}, ${count(results.runs, "random instance")} per claim${results.shard ? `, shard ${results.shard}` : ""}. ` +
    (bad === 0 ? `Every claim${results.missing ? " that ran has the status" : "'s status equals"} its expectation.` : `**${count(bad, "claim")} ${numbered(bad, "differs from its", "differ from their")} expectation.**`), "");
  lines.push("| claim | title | status | expected | instances | source | evidence |", "| --- | --- | --- | --- | --- | --- | --- |");
  for (const c of results.claims) {
    const status = c.status === c.expect ? c.status : `**${c.status}**`;
    lines.push(`| [${c.id}](#${c.id.toLowerCase()}) | ${cell(c.title)} | ${status} | ${c.expect} | ${c.instances} | ${c.source} | ${cell(c.evidence)} |`);
  }
  for (const id of results.missing?.claims ?? []) lines.push(`| ${id} | | **not run** (shard missing) | | | | |`);
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
    const margin = formatMargin(c.worstMargin) || "none (only yes/no checks, or the check did not finish)";
    lines.push(`**Instances.** ${c.instances} judged (seed ${c.seed}, ${c.runs} drawn). **Margin.** ${margin}.`, "");
    lines.push(`**Evidence.** ${c.evidence}`, "");
    if (c.counterexample !== undefined) lines.push("**Counterexample.**", "", "```json", JSON.stringify(c.counterexample, null, 1), "```", "");
    for (const f of c.figures) lines.push(`![${f.title}](${f.path})`, "", `*${f.title}*`, "");
  }
  lines.push(...READING_MARGINS);
  return lines.join("\n");
}
