import { describe, expect, it } from 'vitest';
import { ConnectionSchema } from './configuration.ts';
import { ReconcileScheduleSchema } from './reconcile-schedule.ts';

describe('a connection’s reconcile schedule', () => {
  it('defaults to a daily full pass and leaves the delta pass to the connector’s suggestion', () => {
    expect(ReconcileScheduleSchema.parse({})).toEqual({ fullEverySeconds: 86_400 });
    expect(ConnectionSchema.parse({ connector: 'file', reconcile: { deltaEverySeconds: 900 } }).reconcile).toEqual({
      fullEverySeconds: 86_400,
      deltaEverySeconds: 900,
    });
  });

  it('takes 0 as off and refuses fractions, negative seconds and unknown keys', () => {
    expect(ReconcileScheduleSchema.parse({ fullEverySeconds: 0, deltaEverySeconds: 0 })).toEqual({
      fullEverySeconds: 0,
      deltaEverySeconds: 0,
    });
    expect(ReconcileScheduleSchema.safeParse({ fullEverySeconds: 1.5 }).success).toBe(false);
    expect(ReconcileScheduleSchema.safeParse({ deltaEverySeconds: -1 }).success).toBe(false);
    const unknown = ConnectionSchema.safeParse({ connector: 'file', reconcile: { every: '15m' } });
    expect(unknown.error?.issues[0]?.path).toEqual(['reconcile']);
  });
});
