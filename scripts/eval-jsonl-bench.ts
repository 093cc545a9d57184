/**
 * Cost of one `bwcheck eval` request: one process per request (`eval --input -`)
 * against one `eval --jsonl` process answering request after request (each
 * line sent after the previous answer arrived, as a client in a loop does).
 * Same run, same requests, medians; prints the ratio.
 *   npm run build && npx tsx scripts/eval-jsonl-bench.ts [processRuns] [jsonlRuns]
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/src/cli/main.js", import.meta.url));
const processRuns = Number(process.argv[2] ?? 30);
const jsonlRuns = Number(process.argv[3] ?? 300);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A random SPD n×n Σ0 and an n×n W, from a fixed linear congruential stream. */
function request(n: number, seed: number): object {
  let s = seed;
  const u = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const A = Array.from({ length: n }, () => Array.from({ length: n }, u));
  const sigma0 = A.map((_, i) => A.map((__, j) => A[i].reduce((t, a, k) => t + a * A[j][k], 0) + (i === j ? 0.1 : 0)));
  const W = Array.from({ length: n }, () => Array.from({ length: n }, u));
  return { sigma0, W, tau: 0.01 };
}

function perProcess(reqs: string[]): number[] {
  return reqs.map((line) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, "eval", "--input", "-"], { input: line, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return performance.now() - t0;
  });
}

async function jsonl(reqs: string[]): Promise<{ each: number[]; startup: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, "eval", "--jsonl"], { stdio: ["pipe", "pipe", "inherit"] });
  let buf = "";
  let waiting: (() => void) | null = null;
  child.stdout.on("data", (b: Buffer) => {
    buf += b.toString();
    if (buf.includes("\n") && waiting) waiting();
  });
  const ask = (line: string) =>
    new Promise<void>((resolve) => {
      waiting = () => {
        const i = buf.indexOf("\n");
        if (JSON.parse(buf.slice(0, i)).error) throw new Error(buf.slice(0, i));
        buf = buf.slice(i + 1);
        waiting = null;
        resolve();
      };
      child.stdin.write(line + "\n");
    });
  await ask(reqs[0]); // the first answer includes the process start and module loading
  const startup = performance.now() - t0;
  const each: number[] = [];
  for (const line of reqs.slice(1)) {
    const t = performance.now();
    await ask(line);
    each.push(performance.now() - t);
  }
  child.stdin.end();
  await new Promise((resolve) => child.on("close", resolve));
  return { each, startup };
}

for (const n of [2, 10]) {
  const reqs = Array.from({ length: Math.max(processRuns, jsonlRuns + 1) }, (_, k) => JSON.stringify(request(n, 7 + k)));
  const proc = median(perProcess(reqs.slice(0, processRuns)));
  const { each, startup } = await jsonl(reqs.slice(0, jsonlRuns + 1));
  const line = median(each);
  console.log(
    `n = ${n}: one process per request ${proc.toFixed(1)} ms (median of ${processRuns}); ` +
      `--jsonl ${(line * 1000).toFixed(0)} µs per request (median of ${jsonlRuns}; first answer incl. start ${startup.toFixed(0)} ms); ` +
      `ratio ${(proc / line).toFixed(0)}×`,
  );
}
