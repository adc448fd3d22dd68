import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@stockwire/source'] },
  ssr: { resolve: { conditions: ['@stockwire/source'] } },
  // Each test file starts a real Vendure server (populate and bootstrap: 6-12 s on a loaded machine).
  test: { include: ['src/**/*.test.ts'], hookTimeout: 60_000, testTimeout: 60_000 },
});
