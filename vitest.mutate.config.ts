/**
 * The test selection for mutation testing (npm run mutate): the suites that
 * exercise src/bures and src/landscape in-process. CLI and report tests run
 * the built dist/ (which mutants never reach) and are left out.
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
      "test/edges-wspace.test.ts",
      "test/edges-sigma.test.ts",
      "test/peer-regressions.test.ts",
      "test/hessian-direct.test.ts",
      "test/path-choice.test.ts",
      "test/structure-bures.test.ts",
      "test/structure-network.test.ts",
      "test/landscape.test.ts",
      "properties/**/*.test.ts",
      "test/network.test.ts",
      "test/derivcheck/corpus.test.ts",
      // the n = 2 closed forms check src/bures against an independent derivation
      "test/symbolic/cross-check.test.ts",
      "test/symbolic/exact.test.ts",
    ],
    testTimeout: 60_000,
  },
});
