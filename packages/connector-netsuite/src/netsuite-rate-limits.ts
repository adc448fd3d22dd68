import type { RateLimitPolicyV2 } from '@stockwire/connector-spec';

/** The operations the connector sends, named so logs and the limiter's feedback read as NetSuite's reference does. */
export const netSuiteOperations = ['suiteql', 'createInventoryAdjustment', 'issueAccessToken'] as const;
export type NetSuiteOperation = (typeof netSuiteOperations)[number];

/**
 * No call may run longer than this; NetSuite itself gives up after 15 minutes, but a SuiteQL page of 1 000 rows
 * answers in seconds, so a call still open after two minutes is treated as lost.
 */
export const netSuiteRequestTimeoutMs = 120_000;

/**
 * NetSuite publishes no request rate, only concurrency per account: shared by SOAP, REST and RESTlets of every
 * integration (5 on a base account, 15 on tier 1, +10 per SuiteCloud Plus licence). The request past the limit is
 * refused at once: REST answers 429 with `CONCURRENCY_LIMIT_EXCEEDED`, RESTlets 400 with `SSS_REQUEST_LIMIT_EXCEEDED`,
 * and no Retry-After. So every call of the account takes one slot of the kit's shared limiter, held until it
 * answers; a lease a little longer than the request timeout frees the slot of a crashed process.
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_1559222360.html
 */
export function netSuiteRateLimitsFor(slots: number) {
  const slot = { kind: 'concurrency', slots, leaseMs: netSuiteRequestTimeoutMs + 30_000, bucket: 'account' } as const;
  return {
    source: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_1559222360.html',
    // Declared per HTTP call the connector makes (one slot each), never as a default: a default would also cover
    // the runner's per-method permits (readSnapshot, pullChanges, pushQuantities), so every call would hold two
    // slots of the account and callers holding method permits would starve each other's calls.
    operations: { suiteql: slot, createInventoryAdjustment: slot, issueAccessToken: slot },
    slowDown: {
      statuses: [429],
      errorCodes: ['CONCURRENCY_LIMIT_EXCEEDED', 'SSS_REQUEST_LIMIT_EXCEEDED'],
      defaultPauseMs: 1_000,
    },
  } as const satisfies RateLimitPolicyV2;
}

/** The policy of a base account (5 concurrent requests); `concurrencySlots` in the settings changes the number. */
export const netSuiteRateLimits = netSuiteRateLimitsFor(5);
