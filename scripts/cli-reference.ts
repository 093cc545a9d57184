/**
 * Generates docs/cli-reference.md from the help texts in src/cli/help.ts, so
 * the reference cannot drift from `bwcheck <command> --help`:
 *   npx tsx scripts/cli-reference.ts          (rewrites the file)
 * test/cli-help.test.ts fails when the file differs from cliReference().
 * Each help block follows the doc-example convention (a ```sh fence with the
 * command, then a ```text fence with its exact stdout), so the docs test also
 * runs them against the built CLI.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMMAND_NAMES, COMMANDS, commandHelp, generalHelp } from "../src/cli/help.js";

const example = (command: string, stdout: string) => ["```sh", command, "```", "", "```text", stdout.trimEnd(), "```", ""];

const INTRO = `# bwcheck command-line reference

Every command prints its own usage with \`bwcheck <command> --help\` (or \`-h\`);
this page is those texts, generated from \`src/cli/help.ts\` by
\`npx tsx scripts/cli-reference.ts\` (a test fails when they differ).

## Conventions

- **Help and version.** \`bwcheck\` alone, \`bwcheck --help\`, \`-h\` or \`help\` print the
  general help; \`bwcheck <command> --help\` (\`-h\` anywhere among the arguments) or
  \`bwcheck help <command>\` print that command's usage; \`bwcheck --version\` (\`-V\`)
  prints the version of the installed package. All of them print on stdout and exit 0:
  asking for help is not an error. Nothing heavy is loaded to answer them.
- **Exit codes**, every command: 0 success; 1 a verdict or numerical breakdown (a
  refuted, errored or timed-out claim; a failed check; a fault of ours); 2 bad usage or
  input: one line on stderr naming the field or file, nothing on stdout. Commands that
  refine this list it under "Exit codes" in their help.
- **Progress** goes to stderr, and only when stderr is a terminal: the bar redraws in
  place and is erased when the task ends, leaving one line per task (\`verify\`: claim,
  status, seconds). Off a terminal (CI logs, pipes) no bar is drawn; only the final line
  per task is written.
- **stdout carries only the answer** (\`eval\`, \`critical\`, \`train\`: one line of JSON);
  progress and messages go to stderr.

## Calling eval from another language: JSON Lines

\`bwcheck eval --jsonl\` answers one request per line of stdin with one line of stdout, in
order, each written as soon as it is computed: a caller starts the process once and keeps
it. Requests are the objects of \`eval --input\`, optionally with an \`"id"\` that the answer
echoes. A line that fails is answered with \`{"error", "field", "line"}\` (\`"field"\` when the
error names one, \`"line"\` counted from 1) and the stream goes on; blank lines are skipped.
Where the loss is not differentiable (τ = 0 and rank(R0 W) < min(rank Σ0, m)) the answer has
the loss and \`"notDifferentiable"\` instead of the derivatives.

\`\`\`js
import { spawnSync } from "node:child_process";

const requests = [
  { id: 1, sigma0: [[4, 0], [0, 1]], W: [[1, 0], [0, 1]] },
  { id: 2, sigma0: [[4, 0], [0, 1]], W: [[1, 0], [0, 0]] },
  { id: 3, sigma0: [[4, 0], [0, 1]], W: [[1], [1], [1]] },
];
const input = requests.map((r) => JSON.stringify(r)).join("\\n") + "\\n";
const r = spawnSync("npx", ["bwcheck", "eval", "--jsonl"], { input, encoding: "utf8" });
// numbers to 12 digits: the last bits of a float64 result may differ between versions
const round = (key, v) => (typeof v === "number" ? Number((Math.abs(v) < 1e-12 ? 0 : v).toPrecision(12)) : v);
for (const line of r.stdout.trimEnd().split("\\n")) console.log(JSON.stringify(JSON.parse(line), round));
\`\`\`

\`\`\`text
{"id":1,"loss":1,"grad":[[-2,0],[0,0]]}
{"id":2,"loss":2,"notDifferentiable":"L is not differentiable here: rank(R0 W) = 1 < min(n, m) = 2 (τ = 0); use tau > 0 for the smooth loss L_τ"}
{"id":3,"error":"W: must have n = 2 rows (the size of sigma0), got 3×1","field":"W","line":3}
\`\`\`

A ready client in Python (standard library only) is \`examples/eval_client.py\`: it starts
\`bwcheck eval --jsonl\` once and sends each request as a line (\`python3
examples/eval_client.py\` runs its demo; set \`BWCHECK\` to the command that runs bwcheck if
\`npx bwcheck\` is not it).

Cost per request, measured with \`scripts/eval-jsonl-bench.ts\` (same run, medians; random 2×2
and 10×10 requests at τ = 0.01): one process per request (\`eval --input -\`) takes 800 to
1700 times as long as one more line to a running \`eval --jsonl\` (from Python through
\`examples/eval_client.py\`: 1200 times, 2×2); on a busy machine, where starting a process
is slower, the ratio grows (1700 to 3500 times in a run at load average 13).

## The commands
`;

/** The whole of docs/cli-reference.md. */
export function cliReference(): string {
  const out = [INTRO, ...example("npx bwcheck --help", generalHelp())];
  for (const name of COMMAND_NAMES) out.push(`### bwcheck ${name}`, "", COMMANDS[name].summary[0].toUpperCase() + COMMANDS[name].summary.slice(1) + ".", "", ...example(`npx bwcheck ${name} --help`, commandHelp(name)));
  return out.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = fileURLToPath(new URL("../docs/cli-reference.md", import.meta.url));
  writeFileSync(file, cliReference());
  process.stdout.write(`wrote ${file}\n`);
}
