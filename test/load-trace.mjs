// Preloaded by test/node-cost.ts (`node --import test/load-trace.mjs …`): a
// module-resolution hook that appends every URL node resolves to the file
// named by BWCHECK_LOAD_TRACE, so a test can see which packages a run loaded.
import { appendFileSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

if (isMainThread) {
  writeFileSync(process.env.BWCHECK_LOAD_TRACE, "");
  register(import.meta.url, { data: process.env.BWCHECK_LOAD_TRACE });
}

let file;
export function initialize(data) {
  file = data;
}

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(file, r.url + "\n");
  return r;
}
