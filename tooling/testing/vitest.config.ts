import { defineProject } from 'vitest/config';

export default defineProject({
  // A project file does not inherit the root config's timeouts; why they are these: ../../vitest.config.ts.
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
