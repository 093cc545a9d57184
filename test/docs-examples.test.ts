/**
 * Docs that cannot drift: every code example in README.md and docs/*.md is
 * run and its printed output compared with the ```text fence that follows it.
 *
 * Convention: a ```js fence runs as an ES module in which `bwcheck` resolves
 * to this package (the file is written inside the repository, so Node's
 * package self-reference applies; dist/ must be built, as `npm test` does);
 * a ```sh fence whose every line starts with `npx bwcheck` runs with the
 * built CLI, from a scratch folder inside the repository that links
 * examples/ (what it writes is removed). A fence that prints is immediately
 * followed by a ```text fence holding its exact stdout; one that is not
 * prints nothing. `js no-run`, `ts no-run`, `sh no-run` (and any other
 * language) are not run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { examples, type Example } from "./markdown-fences.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist/src/cli/main.js");
const WORK = join(ROOT, ".doc-examples");

function run(example: Example, index: number): { stdout: string; stderr: string; status: number | null } {
  if (example.fence.lang === "js") {
    const path = join(WORK, `example-${index}.mjs`);
    writeFileSync(path, example.fence.code + "\n");
    const r = spawnSync(process.execPath, [path], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  }
  const script = example.fence.code.split("\n").filter((l) => l.trim() !== "")
    .map((l) => l.replace(/^npx bwcheck /, `"${process.execPath}" "${CLI}" `)).join(" && ");
  // from a scratch folder that sees examples/, so that what a command writes (reports/…) is cleaned up
  if (!existsSync(join(WORK, "examples"))) symlinkSync(join(ROOT, "examples"), join(WORK, "examples"));
  const r = spawnSync("bash", ["-c", script], { cwd: WORK, encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const docs = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
const all = docs.flatMap((file) => examples(file, readFileSync(join(ROOT, file), "utf8")));

describe("the fence reader", () => {
  it("finds runnable examples and the text fence that follows each", () => {
    const md = ["```js", "console.log(1)", "```", "", "```text", "1", "```", "```js no-run", "x", "```",
      "```sh", "npx bwcheck --help", "```", "prose", "```text", "not adjacent", "```", "```sh", "npm ci", "```"].join("\n");
    const ex = examples("t.md", md);
    expect(ex.map((e) => [e.fence.lang, e.fence.line, e.expected])).toEqual([["js", 1, "1"], ["sh", 11, null]]);
  });
});

describe("links in README.md and docs/*.md", () => {
  it("every relative link names a file of the repository", () => {
    const broken: string[] = [];
    for (const file of docs) {
      const text = readFileSync(join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const m of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(m[1])) continue; // https:, mailto:
        if (!existsSync(join(ROOT, dirname(file), m[1]))) broken.push(`${file}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("every example in README.md and docs/*.md prints what the docs say", () => {
  mkdirSync(WORK, { recursive: true });
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it("the CLI is built (npm test builds it first)", () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it("README.md has examples to run", () => {
    expect(all.filter((e) => e.file === "README.md").length).toBeGreaterThanOrEqual(5);
  });

  all.forEach((example, index) => {
    it(`${example.file}:${example.fence.line} (${example.fence.lang})`, () => {
      const r = run(example, index);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.replace(/\n$/, "")).toBe(example.expected ?? "");
    });
  });
});
