import { checkDeclaredCapabilities } from './check-capabilities.ts';
import {
  checkChangesReportUnmappedNames,
  checkChangesResumeAfterCrash,
  checkInvalidCursorIsRefused,
  checkMalformedChangesAreTyped,
} from './check-changes.ts';
import { checkConnectionCheck } from './check-connection.ts';
import {
  checkConnectionFaultsAreRetryable,
  checkRateLimitStormIsReported,
  checkServerErrorStormIsRetryable,
} from './check-faults.ts';
import { checkHangingCallsTimeOut } from './check-hangs.ts';
import { checkPushIsolatesBadItem, checkPushSkipsUnchangedValues } from './check-push.ts';
import { checkRepeatedPushesTakeEffect } from './check-push-repeat.ts';
import {
  checkMalformedSnapshotIsTyped,
  checkSnapshotIsComplete,
  checkSnapshotReportsUnmappedNames,
} from './check-snapshot.ts';
import { checkPushUsesConnectionUnits, checkSnapshotReportsCanonicalUnits } from './check-units.ts';
import { checkChangesReportCanonicalUnits, checkWebhookReportsCanonicalUnits } from './check-units-reported.ts';
import {
  checkMalformedWebhookIsTyped,
  checkWebhookReportsUnmappedNames,
  checkWebhookSignatureIsVerified,
} from './check-webhooks.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { describeError } from './conformance-helpers.ts';

export type ConformanceCheck = (harness: ConnectorConformanceHarness) => Promise<void>;

export interface ConformanceCheckEntry {
  /** The group it is registered under: the capability or fault it exercises. */
  readonly group: 'capabilities' | 'snapshot' | 'push' | 'changes' | 'webhooks' | 'faults';
  /** Reads as the rule it proves. */
  readonly name: string;
  readonly check: ConformanceCheck;
  /** Whether the check applies: the connector declares the capability and the sandbox can simulate what it needs. */
  readonly applies: (harness: ConnectorConformanceHarness) => boolean;
}

const always = () => true;
const has = (harness: ConnectorConformanceHarness) => harness.capabilities;
const malformed = (harness: ConnectorConformanceHarness) => harness.simulates.malformedPayloads;

export const conformanceChecks: readonly ConformanceCheckEntry[] = [
  {
    group: 'capabilities',
    name: 'declares the expected capabilities as valid data and implements each',
    check: checkDeclaredCapabilities,
    applies: always,
  },
  {
    group: 'snapshot',
    name: 'returns every record exactly once across pages, under canonical names',
    check: checkSnapshotIsComplete,
    applies: (harness) => has(harness).snapshot !== undefined,
  },
  {
    group: 'snapshot',
    name: 'reports an unmapped SKU and location as typed item failures and keeps the rest',
    check: checkSnapshotReportsUnmappedNames,
    applies: (harness) => has(harness).snapshot !== undefined,
  },
  {
    group: 'snapshot',
    name: 'reports a case-packed SKU in canonical units (14 cases of 12 read as 168)',
    check: checkSnapshotReportsCanonicalUnits,
    applies: (harness) => has(harness).snapshot !== undefined,
  },
  {
    group: 'snapshot',
    name: 'gives typed errors for malformed data, never raw exceptions',
    check: checkMalformedSnapshotIsTyped,
    applies: (harness) => has(harness).snapshot !== undefined && malformed(harness),
  },
  {
    group: 'push',
    name: 'leaves the remote unchanged and writes nothing when the same quantities are pushed twice',
    check: checkPushSkipsUnchangedValues,
    applies: (harness) => has(harness).push !== undefined,
  },
  {
    group: 'push',
    name: 'fails one bad item alone with a typed error and writes the rest of the batch',
    check: checkPushIsolatesBadItem,
    applies: (harness) => has(harness).push !== undefined,
  },
  {
    group: 'push',
    name: 'writes a repeated quantity with a new expectation and key, and takes a true retry harmlessly',
    check: checkRepeatedPushesTakeEffect,
    applies: (harness) => has(harness).push !== undefined,
  },
  {
    group: 'push',
    name: "pushes in the connection's units (14 cases stay 14) and reads them back as canonical units",
    check: checkPushUsesConnectionUnits,
    applies: (harness) => has(harness).push !== undefined,
  },
  {
    group: 'changes',
    name: 'resumes from a stored cursor after a crash: nothing lost, nothing repeated',
    check: checkChangesResumeAfterCrash,
    applies: (harness) => has(harness).changes !== undefined,
  },
  {
    group: 'changes',
    name: 'refuses an invalid stored cursor with a clear error',
    check: checkInvalidCursorIsRefused,
    applies: (harness) => has(harness).changes !== undefined,
  },
  {
    group: 'changes',
    name: 'reports an unmapped SKU and location as typed item failures and keeps the rest',
    check: checkChangesReportUnmappedNames,
    applies: (harness) => has(harness).changes !== undefined,
  },
  {
    group: 'changes',
    name: 'reports changes to a case-packed SKU in canonical units',
    check: checkChangesReportCanonicalUnits,
    applies: (harness) => has(harness).changes !== undefined,
  },
  {
    group: 'changes',
    name: 'gives typed errors for malformed changes, never raw exceptions',
    check: checkMalformedChangesAreTyped,
    applies: (harness) => has(harness).changes !== undefined && malformed(harness),
  },
  {
    group: 'webhooks',
    name: 'accepts a correctly signed delivery and rejects a tampered one with WebhookSignatureError',
    check: checkWebhookSignatureIsVerified,
    applies: (harness) => has(harness).webhooks !== undefined,
  },
  {
    group: 'webhooks',
    name: 'reports an unmapped SKU and location in a delivery as typed item failures',
    check: checkWebhookReportsUnmappedNames,
    applies: (harness) => has(harness).webhooks !== undefined,
  },
  {
    group: 'webhooks',
    name: 'reports a delivery about a case-packed SKU in canonical units',
    check: checkWebhookReportsCanonicalUnits,
    applies: (harness) => has(harness).webhooks !== undefined,
  },
  {
    group: 'webhooks',
    name: 'gives typed errors for a malformed delivery, never raw exceptions',
    check: checkMalformedWebhookIsTyped,
    applies: (harness) => has(harness).webhooks !== undefined && malformed(harness),
  },
  {
    group: 'faults',
    name: "throws RateLimitedError with the vendor's wait under a 429 storm, never swallowing it",
    check: checkRateLimitStormIsReported,
    applies: (harness) => harness.simulates.rateLimitStorm,
  },
  {
    group: 'faults',
    name: 'throws a retryable typed error when connections fail, and recovers',
    check: checkConnectionFaultsAreRetryable,
    applies: (harness) => harness.simulates.connectionFaults,
  },
  {
    group: 'faults',
    name: 'throws a retryable typed error under a storm of 5xx answers, never a rate limit, and recovers',
    check: checkServerErrorStormIsRetryable,
    applies: (harness) => harness.simulates.serverErrorStorm === true,
  },
  {
    group: 'faults',
    name: 'gives up on a vendor that never answers within its request timeout, with a retryable typed error',
    check: checkHangingCallsTimeOut,
    applies: (harness) => harness.reachesNetwork !== false,
  },
  {
    group: 'capabilities',
    name: 'checks the connection: a valid sandbox passes, wrong credentials and an unknown location fail by name',
    check: checkConnectionCheck,
    applies: (harness) => has(harness).check !== undefined,
  },
];

/** The checks that apply to this harness, in the order they run. */
export function applicableConformanceChecks(harness: ConnectorConformanceHarness): ConformanceCheckEntry[] {
  return conformanceChecks.filter((entry) => entry.applies(harness));
}

export interface ConformanceCheckResult {
  readonly group: ConformanceCheckEntry['group'];
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed, when it did. */
  readonly failure?: string | undefined;
}

/**
 * Runs every applicable check in order outside any test framework, e.g. to prove a broken connector fails or to
 * print a report. Calls the harness's setUp and tearDown around the run.
 */
export async function runConformanceChecks(harness: ConnectorConformanceHarness): Promise<ConformanceCheckResult[]> {
  await harness.setUp?.();
  try {
    const results: ConformanceCheckResult[] = [];
    for (const entry of applicableConformanceChecks(harness)) {
      try {
        await entry.check(harness);
        results.push({ group: entry.group, name: entry.name, passed: true });
      } catch (error) {
        results.push({ group: entry.group, name: entry.name, passed: false, failure: describeError(error) });
      }
    }
    return results;
  } finally {
    await harness.tearDown?.();
  }
}
