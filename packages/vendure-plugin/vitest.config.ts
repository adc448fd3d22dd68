import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@stockwire/source'] },
  ssr: { resolve: { conditions: ['@stockwire/source'] } },
  test: { include: ['src/**/*.test.ts'] },
});
