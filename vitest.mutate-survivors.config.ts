/**
 * A fast re-check of the survivors of a full `npm run mutate` (see
 * stryker.survivors.json, written by scripts/mutation-survivors.py): the
 * in-process unit suites only. A mutant killed here is killed; one that
 * survives here may still be killed by the heavier suites of the full run.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // builds src/linalg/wasm/kernels.generated.ts when missing or stale (scripts/build-wasm.mjs)
    globalSetup: ["scripts/build-wasm.mjs"],
    include: [
      "test/reference.test.ts",
      "test/bures.test.ts",
      "test/bures-edges.test.ts",
      "test/landscape.test.ts",
      "test/landscape-report.test.ts",
      "test/symbolic/cross-check.test.ts",
    ],
    testTimeout: 60_000,
  },
});
