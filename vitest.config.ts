import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report feeds the one-line "N passed, N failed" summary that .ci/run prints.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
