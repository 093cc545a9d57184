// Writes a CommonJS twin (*.d.cts) of every declaration file in dist/, for the
// "require" condition of package.json's exports. A CommonJS project resolves
// fast-check to its CommonJS declarations; bwcheck's ESM declarations resolve
// it to the ESM ones, and TypeScript then sees two unrelated Arbitrary classes
// ("Types have separate declarations of a private property"). In a .d.cts,
// `import … from "fast-check"` resolves the way the user's own import does.
// Relative specifiers "./x.js" become "./x.cjs", which TypeScript maps to
// "./x.d.cts". The JavaScript is not duplicated: Node's require() loads the
// ES modules themselves (Node ≥ 20.19).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? "dist";
const relative = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.js(["'])/g;

function walk(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) count += walk(path);
    else if (entry.name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8").replace(relative, "$1$2.cjs$3").replace(/\n\/\/# sourceMappingURL=.*$/, "");
      writeFileSync(path.slice(0, -".d.ts".length) + ".d.cts", text);
      count++;
    }
  }
  return count;
}

const count = walk(root);
if (count === 0) throw new Error(`cjs-types: no .d.ts files under ${root}`);
