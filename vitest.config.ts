import { defineConfig } from 'vitest/config';

// One run over every package, so `pnpm test` prints a single summary (the closing line CI reads).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/testing', 'tooling/deploy-check', 'tooling/pack-check'],
    reporters: ['default', './tooling/vitest/summary-reporter.ts'],
    // Timeouts are set in each project's own vitest.config.ts, because project files do not inherit the root's
    // test options (vitest's default would be 5 s). They are 30 s per test and 60 s per hook: tests start real
    // processes and servers (the CLI, Redis, sshd, Vendure), which take several seconds on a loaded CI machine.
  },
});
