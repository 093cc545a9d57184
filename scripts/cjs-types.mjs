// Writes a CommonJS twin (*.d.cts) of every declaration file in dist/, for the
// "require" condition of package.json's exports. A CommonJS project resolves
// fast-check to its CommonJS declarations; bwcheck's ESM declarations resolve
// it to the ESM ones, and TypeScript then sees two unrelated Arbitrary classes
// ("Types have separate declarations of a private property"). In a .d.cts,
// `import … from "fast-check"` resolves the way the user's own import does.
// Relative specifiers "./x.js" become "./x.cjs", which TypeScript maps to
// "./x.d.cts". The JavaScript is not duplicated: Node's require() loads the
// ES modules themselves (Node ≥ 20.19).
//
// A type import of a package whose only declarations are ES-module ones
// (mathjs, vega-lite: "type": "module" and no "require" types) gets
// `with { "resolution-mode": "import" }` in the twin: without it TypeScript
// 5.x under module node16 refuses the CommonJS twin (TS1541; checked in
// test/pack.test.ts).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? "dist";
const relative = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.js(["'])/g;
const bareTypeImport = /^(import type [^;]*? from ["'])([^"'./][^"']*)(["']);$/gm;

/** Does this package offer declarations only as ES modules (no types under "require")? */
function esmOnlyTypes(specifier) {
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
  if (name.startsWith("node:") || name === "bwcheck") return false;
  const pkg = JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8"));
  const exp = pkg.exports?.["."] ?? pkg.exports;
  const requireTypes = exp && typeof exp.require === "object" && exp.require !== null && "types" in exp.require;
  return pkg.type === "module" && !requireTypes;
}

function walk(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) count += walk(path);
    else if (entry.name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8")
        .replace(relative, "$1$2.cjs$3")
        .replace(bareTypeImport, (all, head, spec, tail) => (esmOnlyTypes(spec) ? `${head}${spec}${tail} with { "resolution-mode": "import" };` : all))
        .replace(/\n\/\/# sourceMappingURL=.*$/, "");
      writeFileSync(path.slice(0, -".d.ts".length) + ".d.cts", text);
      count++;
    }
  }
  return count;
}

const count = walk(root);
if (count === 0) throw new Error(`cjs-types: no .d.ts files under ${root}`);
