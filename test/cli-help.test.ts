/**
 * Help and version (issue 14 item 4): `bwcheck <command> --help` / `-h` for
 * every command, `bwcheck help <command>`, plain `bwcheck`, `--version` / `-V`
 * read from package.json at run time (also from an installed copy); every
 * flag a command accepts is in its help and every flag its help lists is
 * accepted; docs/cli-reference.md is the generated text. Runs the built CLI.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cliReference } from "../scripts/cli-reference.js";
import { COMMAND_NAMES, COMMANDS, commandHelp, generalHelp } from "../src/cli/help.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

function run(args: string[], opts: { cwd?: string; file?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [opts.file ?? cli, ...args], { input: "", encoding: "utf8", cwd: opts.cwd ?? root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The flags (`--name`) in a text. */
const flagsIn = (text: string): string[] => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();

/** The flags a command's help lists in its Options table (without --help). */
const documentedFlags = (name: string): string[] => flagsIn(COMMANDS[name].options.map(([flag]) => flag).join(" ")).filter((f) => f !== "--help");

describe("bwcheck help", () => {
  it("the seven commands have help texts", () => {
    expect(COMMAND_NAMES).toEqual(["eval", "critical", "train", "derivcheck", "derive", "verify", "merge"]);
  });

  for (const name of ["eval", "critical", "train", "derivcheck", "derive", "verify", "merge"]) {
    it(`${name} --help, ${name} -h, help ${name}, and --help after other arguments: the usage on stdout, exit 0`, () => {
      const text = commandHelp(name);
      expect(text).toMatch(new RegExp(`^Usage: bwcheck ${name}`));
      for (const args of [[name, "--help"], [name, "-h"], ["help", name], [name, "--input", "x.json", "--out", "d", "-h"]]) {
        const r = run(args);
        expect(r.stderr, args.join(" ")).toBe("");
        expect(r.code, args.join(" ")).toBe(0);
        expect(r.stdout, args.join(" ")).toBe(text);
      }
    });

    it(`${name}: the flags it accepts are exactly the flags its help lists`, () => {
      // an unknown flag makes the command list what it accepts (exit 2, one line)
      const r = run([name, "--not-a-flag"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const accepted = flagsIn(r.stderr.slice(r.stderr.indexOf("expected")));
      expect(accepted.length).toBeGreaterThan(0);
      expect(documentedFlags(name)).toEqual(accepted);
      // and each documented flag appears in a synopsis line too
      for (const f of accepted) expect(COMMANDS[name].usage.join(" "), f).toContain(f);
    });
  }

  it("plain bwcheck, --help, -h and help print the general help on stdout, exit 0", () => {
    for (const args of [[], ["--help"], ["-h"], ["help"]]) {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(generalHelp());
    }
    for (const name of COMMAND_NAMES) expect(generalHelp()).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  });

  it("help on an unknown command, or an unknown command: exit 2, one line on stderr, nothing on stdout", () => {
    for (const args of [["help", "evaluate"], ["evaluate", "--help"]]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("every help text fits 100 columns and ends with a newline", () => {
    for (const text of [generalHelp(), ...COMMAND_NAMES.map(commandHelp)]) {
      expect(text.endsWith("\n")).toBe(true);
      for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });
});

describe("bwcheck --version", () => {
  it("--version, -V and version print the package.json version, exit 0", () => {
    for (const flag of ["--version", "-V", "version"]) {
      const r = run([flag]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  const tmp = mkdtempSync(join(tmpdir(), "bwcheck-version-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("reads package.json at run time, from an installed copy (node_modules/bwcheck), from any directory", () => {
    const installed = join(tmp, "node_modules", "bwcheck");
    cpSync(join(root, "dist", "src"), join(installed, "dist", "src"), { recursive: true });
    writeFileSync(join(installed, "package.json"), JSON.stringify({ name: "bwcheck", version: "9.8.7-test", type: "module" }));
    // a project's own package.json on the way up must not be taken for bwcheck's
    writeFileSync(join(tmp, "package.json"), JSON.stringify({ name: "my-project", version: "1.0.0" }));
    const r = run(["--version"], { cwd: tmpdir(), file: join(installed, "dist", "src", "cli", "main.js") });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("9.8.7-test\n");
  });
});

describe("docs/cli-reference.md", () => {
  it("its JSON Lines example prints the text below it (run where npx bwcheck is this build)", () => {
    const doc = readFileSync(join(root, "docs", "cli-reference.md"), "utf8");
    const m = /```js\n([\s\S]*?)```\n\n```text\n([\s\S]*?)```/.exec(doc);
    expect(m).not.toBeNull();
    const project = mkdtempSync(join(tmpdir(), "bwcheck-doc-"));
    try {
      mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
      symlinkSync(root, join(project, "node_modules", "bwcheck"));
      writeFileSync(join(project, "node_modules", ".bin", "bwcheck"), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "doc-example", private: true, type: "module" }));
      writeFileSync(join(project, "example.mjs"), m![1]);
      const r = spawnSync(process.execPath, ["example.mjs"], { cwd: project, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(m![2]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("is generated from the help texts (regenerate: npx tsx scripts/cli-reference.ts)", () => {
    const doc = readFileSync(join(root, "docs", "cli-reference.md"), "utf8");
    expect(doc).toBe(cliReference());
    for (const name of COMMAND_NAMES) expect(doc).toContain(["```sh", `npx bwcheck ${name} --help`, "```", "", "```text", commandHelp(name).trimEnd(), "```"].join("\n"));
  });
});
