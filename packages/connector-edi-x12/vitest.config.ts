import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@stockwire/source'] },
  ssr: { resolve: { conditions: ['@stockwire/source'] } },
  // A project file does not inherit the root config's timeouts; why they are these: ../../vitest.config.ts.
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
