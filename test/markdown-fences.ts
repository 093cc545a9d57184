/**
 * Reading the code examples out of Markdown, for test/docs-examples.test.ts
 * and test/pack.test.ts. The convention: a ```js fence runs as an ES module;
 * a ```sh fence whose every line starts with `npx bwcheck` runs with the CLI;
 * a fence that prints is immediately followed by a ```text fence holding its
 * exact stdout; `no-run` after the language (and any other language) is not run.
 */
export type Fence = { lang: string; flags: string[]; code: string; line: number };
export type Example = { file: string; fence: Fence; expected: string | null };

/** The fenced blocks of a Markdown text, in order (``` fences, not nested). */
export function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ lang: open[1], flags: open[2].trim().split(/\s+/).filter(Boolean), code: body.join("\n"), line: start + 1 });
  }
  return out;
}

export function runnable(f: Fence): boolean {
  if (f.flags.includes("no-run")) return false;
  if (f.lang === "js") return true;
  if (f.lang === "sh") {
    const lines = f.code.split("\n").filter((l) => l.trim() !== "");
    return lines.length > 0 && lines.every((l) => l.startsWith("npx bwcheck "));
  }
  return false;
}

/** The runnable examples of a Markdown text, each with the ```text fence right after it, if any. */
export function examples(file: string, markdown: string): Example[] {
  const fs = fences(markdown);
  const out: Example[] = [];
  fs.forEach((f, k) => {
    if (!runnable(f)) return;
    const next = fs[k + 1];
    const between = next ? markdown.split("\n").slice(f.line + f.code.split("\n").length + 1, next.line - 1).join("").trim() : "x";
    out.push({ file, fence: f, expected: next && next.lang === "text" && between === "" ? next.code : null });
  });
  return out;
}

