/**
 * junit.xml: one testcase per claim. A claim whose status differs from its
 * expectation is a <failure> (refuted, inconclusive, timed out), or an
 * <error> when its check threw; claims missing from a partial merge are
 * <skipped>. The counts in the suite's attributes match.
 */
import type { VerifyResults } from "./results.js";
import { count } from "./wording.js";

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function junitXml(results: VerifyResults): string {
  const errors = results.claims.filter((c) => c.status === "error").length;
  const failures = results.claims.filter((c) => c.status !== c.expect && c.status !== "error").length;
  const missing = results.missing?.claims ?? [];
  const tests = results.claims.length + missing.length;
  const time = results.claims.reduce((s, c) => s + c.seconds, 0);
  const cases = results.claims.map((c) => {
    const head = `    <testcase classname="bwcheck.claims" name="${xml(`${c.id} ${c.title}`)}" file="${xml(c.file)}" time="${c.seconds.toFixed(3)}">`;
    const detail = xml(c.evidence + (c.counterexample !== undefined ? `\ncounterexample: ${JSON.stringify(c.counterexample)}` : ""));
    const body =
      c.status === c.expect
        ? `      <system-out>${xml(`${c.status}: ${c.evidence}`)}</system-out>`
        : `      <${c.status === "error" ? "error" : "failure"} message="${xml(`${c.status}, expected ${c.expect}`)}">${detail}</${c.status === "error" ? "error" : "failure"}>`;
    return `${head}\n${body}\n    </testcase>`;
  });
  for (const id of missing) {
    cases.push(`    <testcase classname="bwcheck.claims" name="${xml(id)}" time="0.000">\n      <skipped message="${xml(`not run: its shard is missing from this partial merge`)}"/>\n    </testcase>`);
  }
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${missing.length}" time="${time.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bwcheck verify${results.missing ? " (partial)" : ""}" ${counts}>`,
    `  <testsuite name="claims (seed ${results.seed}, ${count(results.runs, "run")}${results.shard ? `, shard ${results.shard}` : ""}${results.missing ? ", partial" : ""})" ${counts}>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
