/** junit.xml: one testcase per claim; a claim whose status differs from its expectation is a failure. */
import type { VerifyResults } from "./results.js";

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function junitXml(results: VerifyResults): string {
  const failures = results.claims.filter((c) => c.status !== c.expect).length;
  const time = results.claims.reduce((s, c) => s + c.seconds, 0);
  const cases = results.claims.map((c) => {
    const head = `    <testcase classname="bwcheck.claims" name="${xml(`${c.id} ${c.title}`)}" file="${xml(c.file)}" time="${c.seconds.toFixed(3)}">`;
    const body = c.status === c.expect
      ? `      <system-out>${xml(`${c.status}: ${c.evidence}`)}</system-out>`
      : `      <failure message="${xml(`${c.status}, expected ${c.expect}`)}">${xml(c.evidence + (c.counterexample !== undefined ? `\ncounterexample: ${JSON.stringify(c.counterexample)}` : ""))}</failure>`;
    return `${head}\n${body}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bwcheck verify" tests="${results.claims.length}" failures="${failures}" time="${time.toFixed(3)}">`,
    `  <testsuite name="claims (seed ${results.seed}, ${results.runs} runs${results.shard ? `, shard ${results.shard}` : ""})" tests="${results.claims.length}" failures="${failures}" time="${time.toFixed(3)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
