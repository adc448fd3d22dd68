import { describe, expect, it } from 'vitest';
import { runnerOptionsFromEnvironment } from './runner-options.ts';

describe('runnerOptionsFromEnvironment', () => {
  it('has production defaults and reads STOCKWIRE_* overrides', () => {
    expect(runnerOptionsFromEnvironment({})).toMatchObject({
      keyPrefix: 'stockwire',
      jobLockMs: 30_000,
      pushDebounceMs: 250,
    });
    expect(
      runnerOptionsFromEnvironment({ STOCKWIRE_KEY_PREFIX: 'shop-eu', STOCKWIRE_JOB_LOCK_MS: '5000' }),
    ).toMatchObject({ keyPrefix: 'shop-eu', jobLockMs: 5_000 });
  });

  it('names the variable whose value it cannot use', () => {
    expect(() => runnerOptionsFromEnvironment({ STOCKWIRE_JOB_LOCK_MS: 'soon' })).toThrow(
      /invalid runner settings in the environment: STOCKWIRE_JOB_LOCK_MS="soon": /,
    );
  });
});
