import { defineConfig } from 'vitest/config';

// One run over every package, so `pnpm test` prints a single summary (the closing line CI reads).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/testing', 'tooling/deploy-check', 'tooling/pack-check'],
    reporters: ['default', './tooling/vitest/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
