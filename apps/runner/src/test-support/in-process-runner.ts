import type { Logger } from 'pino';
import { createLogger } from '../observability/create-logger.ts';
import { createRunner, type Runner } from '../runtime/create-runner.ts';
import type { RunnerOptionsInput } from '../runtime/runner-options.ts';
import type { SyncWorld } from './sync-world.ts';

/** Timings short enough for tests: poll every second, push almost at once, no hourly reconciliation. */
export const testRunnerOptions: RunnerOptionsInput = {
  pollIntervalSeconds: 1,
  pushDebounceMs: 20,
  pushRetryDelayMs: 200,
  jobBackoffMs: 100,
  jobLockMs: 5_000,
  reconcileIntervalSeconds: 0,
  sweepIntervalSeconds: 2,
};

/** A runner in the test's own process, over a world's configuration, logging only warnings and errors (if asked). */
export async function startInProcessRunner(
  world: SyncWorld,
  redisUrl: string,
  overrides: { options?: RunnerOptionsInput; environment?: NodeJS.ProcessEnv; start?: boolean; logger?: Logger } = {},
): Promise<Runner> {
  const runner = await createRunner({
    configuration: world.configuration,
    redisUrl,
    options: { ...testRunnerOptions, ...overrides.options },
    environment: overrides.environment ?? {},
    baseDirectory: world.root,
    logger: overrides.logger ?? createLogger({ level: process.env.STOCKWIRE_TEST_LOG_LEVEL ?? 'silent' }),
  });
  if (overrides.start !== false) await runner.start();
  return runner;
}
