import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // builds src/linalg/wasm/kernels.generated.ts when missing or stale (scripts/build-wasm.mjs)
    globalSetup: ["scripts/build-wasm.mjs"],
    include: ["test/**/*.test.ts", "properties/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
