/**
 * Runs the `bwcheck` CLI in-process: main() with stdout and stderr captured
 * (spawning node per call costs ~0.3 s; the fuzz tests make thousands of
 * calls). main never calls process.exit: it returns the exit code.
 */
import { main, type MainOptions } from "../src/cli/main.js";

export type CliRun = { code: number; stdout: string; stderr: string; seconds: number };

export async function runCli(argv: readonly string[], options?: MainOptions): Promise<CliRun> {
  let stdout = "", stderr = "";
  const out = process.stdout.write, err = process.stderr.write;
  const capture = (sink: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const cb = rest.find((x) => typeof x === "function") as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  const t0 = performance.now();
  try {
    const code = await main(argv, options);
    return { code, stdout, stderr, seconds: (performance.now() - t0) / 1000 };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
