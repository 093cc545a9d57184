/**
 * The package as a new user gets it: `npm pack`, then two throw-away
 * projects made with `npm init -y` (one ES module, one CommonJS) that install
 * the tarball with their own fast-check, TypeScript, vitest and @types/node
 * from the registry. In each, every quick start of the README runs verbatim
 * — JavaScript with node (CommonJS: `require` in place of `import`, as the
 * README says), TypeScript through `tsc` then node — and prints what the
 * README shows; `tsc` type-checks the property suite against the project's
 * own fast-check and vitest runs it; `require("bwcheck")` works; and the
 * links of `bwcheck verify`'s summary.md resolve in the installed copy.
 *
 * Needs the registry (or npm's cache) and a built dist/ (`npm test` builds
 * it first). About a minute, most of it `npm install`.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fences } from "./markdown-fences.js";

const ROOT = join(import.meta.dirname, "..");
const exec = promisify(execFile);
const TIMEOUT = 240_000;

type Run = { stdout: string; stderr: string; code: number };

async function sh(cmd: string, args: string[], cwd: string): Promise<Run> {
  try {
    const r = await exec(cmd, args, { cwd, encoding: "utf8", timeout: TIMEOUT, maxBuffer: 1 << 26, env: { ...process.env, NODE_OPTIONS: "" } });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? "", stderr: e.stderr ?? String(err), code: typeof e.code === "number" ? e.code : 1 };
  }
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await sh(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** The README's quick starts: runnable JS with its expected output, the vitest suite, the Python caller. */
function quickStarts(): { js: { code: string; expected: string }[]; suite: string; python: { code: string; expected: string } } {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Quick start"), readme.indexOf("\n## ", readme.indexOf("\n## Quick start") + 5));
  const fs = fences(section);
  const after = (k: number) => (fs[k + 1]?.lang === "text" ? fs[k + 1].code : "");
  const js = fs.flatMap((f, k) => (f.lang === "js" && f.flags.length === 0 ? [{ code: f.code, expected: after(k) }] : []));
  const suite = fs.find((f) => f.lang === "js" && f.code.includes('from "vitest"'));
  const py = fs.findIndex((f) => f.lang === "python");
  if (js.length === 0 || !suite || py < 0) throw new Error("README.md: the quick starts are missing (a js example, a vitest suite, a python caller)");
  return { js, suite: suite.code, python: { code: fs[py].code, expected: after(py) } };
}

/** What the README tells a CommonJS user: `require` in place of `import`. */
function toRequire(code: string): string {
  return code
    .replace(/^import (\w+) from ("[^"]+");$/gm, "const $1 = require($2);")
    .replace(/^import (\{[^}]+\}) from ("[^"]+");$/gm, "const $1 = require($2);");
}

const TSCONFIG = {
  compilerOptions: { module: "nodenext", target: "es2022", strict: true, outDir: "out", types: ["node"], skipLibCheck: false },
  include: ["*.ts"],
};

describe("the packed package in fresh projects", () => {
  const work = mkdtempSync(join(tmpdir(), "bwcheck-pack-"));
  const qs = quickStarts();
  const dirs = { esm: join(work, "esm"), cjs: join(work, "cjs") };
  let tarball = "";

  beforeAll(async () => {
    if (!existsSync(join(ROOT, "dist/src/index.js"))) throw new Error("dist/ is not built: run npm run build (npm test does)");
    const packed = await ok("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], ROOT);
    tarball = resolve(work, packed.trim().split("\n").pop()!);
    await Promise.all(Object.entries(dirs).map(async ([kind, dir]) => {
      mkdirSync(dir);
      await ok("npm", ["init", "-y"], dir);
      if (kind === "esm") await ok("npm", ["pkg", "set", "type=module"], dir);
      await ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, "fast-check", "typescript", "vitest", "@types/node"], dir);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    }));
  }, TIMEOUT);

  afterAll(() => rm(work, { recursive: true, force: true }), TIMEOUT);

  for (const kind of ["esm", "cjs"] as const) {
    it(`${kind}: each JavaScript quick start prints what the README shows`, async () => {
      const dir = dirs[kind];
      for (const [k, q] of qs.js.entries()) {
        const file = join(dir, `quickstart-${k}.${kind === "esm" ? "mjs" : "cjs"}`);
        writeFileSync(file, kind === "esm" ? q.code : toRequire(q.code));
        expect((await ok("node", [file], dir)).replace(/\n$/, "")).toBe(q.expected);
      }
    }, TIMEOUT);

    it(`${kind}: the TypeScript quick starts and the property suite type-check against the project's fast-check, and run`, async () => {
      const dir = dirs[kind];
      for (const [k, q] of qs.js.entries()) writeFileSync(join(dir, `quickstart-${k}.ts`), q.code);
      writeFileSync(join(dir, "claims.test.ts"), qs.suite);
      await ok("npx", ["tsc", "-p", "."], dir);
      for (const k of qs.js.keys()) expect((await ok("node", [join(dir, "out", `quickstart-${k}.js`)], dir)).replace(/\n$/, "")).toBe(qs.js[k].expected);
      // the user's fast-check is the only copy: bwcheck's is a peer, not a dependency
      expect(existsSync(join(dir, "node_modules/bwcheck/node_modules/fast-check"))).toBe(false);
      const vitest = await sh("npx", ["vitest", "run", "--reporter=dot", "claims.test.ts"], dir);
      expect(vitest.code, vitest.stdout + vitest.stderr).toBe(0);
      expect(vitest.stdout).toMatch(/1 passed/);
    }, TIMEOUT);
  }

  // TypeScript 7 and module nodenext accept what 5.x under module node16 refuses: a public declaration
  // naming vega-lite's types failed in CommonJS projects with TS1541 there (skipLibCheck off).
  // The typedoc workspace pins TypeScript 5.9.
  const tsc5 = join(ROOT, "tools/typedoc/node_modules/typescript/bin/tsc");
  for (const kind of ["esm", "cjs"] as const) {
    it(`${kind}: TypeScript 5.9 with module node16 type-checks the quick starts and every entry point too (skipLibCheck off)`, async () => {
      const dir = dirs[kind];
      writeFileSync(join(dir, "entry-points.ts"), 'import { bwTarget, taylorFigureSpec } from "bwcheck";\nimport { spdTarget } from "bwcheck/properties";\nimport { derive } from "bwcheck/symbolic";\nexport const used = [bwTarget, taylorFigureSpec, spdTarget, derive];\n');
      for (const [k, q] of qs.js.entries()) writeFileSync(join(dir, `quickstart-${k}.ts`), q.code);
      // these files only: the property suite imports vitest, which offers no CommonJS declarations at all
      const files = ["entry-points.ts", ...qs.js.map((_, k) => `quickstart-${k}.ts`)];
      const flags = ["--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--types", "node", "--module", "node16", "--moduleResolution", "node16"];
      const r = await sh("node", [tsc5, ...flags, ...files], dir);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      // and the resolution older projects still use, which ignores "exports": every entry point resolves
      // (package.json typesVersions). skipLibCheck on: fast-check 4's own declarations need exports.
      const node10Flags = ["--noEmit", "--strict", "--skipLibCheck", "true", "--target", "es2022", "--types", "node", "--module", "commonjs", "--moduleResolution", "node10"];
      const node10 = await sh("node", [tsc5, ...node10Flags, ...files], dir);
      expect(node10.code, node10.stdout + node10.stderr).toBe(0);
    }, TIMEOUT);
  }

  it("esm: the JavaScript property suite runs under vitest", async () => {
    writeFileSync(join(dirs.esm, "claims-js.test.mjs"), qs.suite);
    const vitest = await sh("npx", ["vitest", "run", "--reporter=dot", "claims-js.test.mjs"], dirs.esm);
    expect(vitest.code, vitest.stdout + vitest.stderr).toBe(0);
  }, TIMEOUT);

  it("cjs: require() of every entry point works", async () => {
    const out = await ok("node", ["-e", [
      'const b = require("bwcheck"), p = require("bwcheck/properties"), s = require("bwcheck/symbolic");',
      "console.log(b.bwTarget([[2, 0], [0, 1]]).loss([[1, 0], [0, 1]]).toFixed(6), typeof p.spdTarget, typeof s.derive);",
    ].join("\n")], dirs.cjs);
    expect(out.trim()).toBe("0.171573 function function");
  }, TIMEOUT);

  it("the links in bwcheck verify's summary.md resolve in the installed copy", async () => {
    const out = join(dirs.esm, "reports");
    await ok("npx", ["bwcheck", "verify", "--claim", "C9", "--runs", "10", "--out", out], dirs.esm);
    const md = readFileSync(join(out, "summary.md"), "utf8");
    const links = [...md.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]);
    expect(links.some((l) => l.includes("proofs-check/c9-end-to-end"))).toBe(true);
    for (const l of links) expect(existsSync(resolve(dirname(join(out, "summary.md")), l)), l).toBe(true);
  }, TIMEOUT);

  it.skipIf(!process.env.PATH?.split(":").some((p) => existsSync(join(p, "python3"))))(
    "the Python quick start prints what the README shows (skipped without python3)", async () => {
      writeFileSync(join(dirs.esm, "caller.py"), qs.python.code);
      expect((await ok("python3", ["caller.py"], dirs.esm)).replace(/\n$/, "")).toBe(qs.python.expected);
    }, TIMEOUT);
});
