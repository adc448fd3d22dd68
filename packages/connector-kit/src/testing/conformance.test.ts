import { describe, expect, it } from 'vitest';
import {
  type ConnectorConformanceHarness,
  checkChangesReportCanonicalUnits,
  checkChangesResumeAfterCrash,
  checkHangingCallsTimeOut,
  checkInvalidCursorIsRefused,
  checkMalformedWebhookIsTyped,
  checkPushSkipsUnchangedValues,
  checkPushUsesConnectionUnits,
  checkRateLimitStormIsReported,
  checkRepeatedPushesTakeEffect,
  checkServerErrorStormIsRetryable,
  checkSnapshotIsComplete,
  checkSnapshotReportsCanonicalUnits,
  checkWebhookReportsCanonicalUnits,
  checkWebhookReportsUnmappedNames,
  checkWebhookSignatureIsVerified,
  describeConnectorConformance,
  runConformanceChecks,
} from './index.ts';
import { type Flaw, referenceHarness } from './test-support/reference-connector.ts';

describeConnectorConformance(referenceHarness());

describe('the conformance suite fails connectors that break the spec', () => {
  const brokenCases: Array<[Flaw, (harness: ConnectorConformanceHarness) => Promise<void>, RegExp]> = [
    ['rewrites-unchanged', checkPushSkipsUnchangedValues, /unchanged/],
    ['keys-idempotency-by-quantity', checkRepeatedPushesTakeEffect, /pushing 5 again, expecting 9 was failed/],
    ['pushes-canonical-units', checkPushUsesConnectionUnits, /remoteQuantity 168; results are in cases too/],
    ['reports-connection-units', checkSnapshotReportsCanonicalUnits, /must report onHand 168 canonical units/],
    ['reports-connection-units', checkChangesReportCanonicalUnits, /the changes feed: .* canonical units would be/],
    ['reports-connection-units', checkWebhookReportsCanonicalUnits, /the webhook: .* canonical units would be/],
    ['swallows-rate-limits', checkRateLimitStormIsReported, /push\.push during a rate-limit storm resolved/],
    ['drops-last-page', checkSnapshotIsComplete, /the snapshot lost 1 seeded records/],
    ['keeps-position-in-memory', checkChangesResumeAfterCrash, /events came again/],
    ['accepts-any-signature', checkWebhookSignatureIsVerified, /tampered delivery resolved/],
    ['raw-errors-on-malformed', checkMalformedWebhookIsTyped, /raw exception instead of a typed connector error/],
    ['unvalidated-cursor', checkInvalidCursorIsRefused, /resolved, but it had to throw/],
    ['waits-forever-on-hang', checkHangingCallsTimeOut, /snapshot\.read was still waiting after 1400 ms/],
    [
      'gives-up-on-outage',
      checkServerErrorStormIsRetryable,
      /during a 5xx storm threw RequestRejectedError, which is not retryable/,
    ],
  ];

  for (const [flaw, check, message] of brokenCases) {
    it(`${check.name} rejects a connector that ${flaw.replaceAll('-', ' ')}`, async () => {
      const harness = referenceHarness([flaw]);
      await expect(check(harness)).rejects.toThrow(message);
    });
  }

  it('checkWebhookReportsUnmappedNames rejects a single-location connector that drops a delivery at an unknown site', async () => {
    const harness = referenceHarness(['skips-unknown-sites-in-webhooks'], { output: 'records', locations: 'one' });
    await expect(checkWebhookReportsUnmappedNames(harness)).rejects.toThrow(
      /the two webhooks with one unmapped location reported 0 UnmappedLocationError/,
    );
  });

  it("checkWebhookSignatureIsVerified rejects records that keep the vendor's names", async () => {
    const harness = referenceHarness(['records-in-vendor-names'], { output: 'records', locations: 'many' });
    await expect(checkWebhookSignatureIsVerified(harness)).rejects.toThrow(
      /a webhook record names SKU "REMOTE-WHITE", not a canonical SKU/,
    );
  });

  it('runs programmatically: every check passes for the reference connector, exactly one fails for a broken one', async () => {
    const healthy = await runConformanceChecks(referenceHarness());
    expect(healthy.length).toBe(22);
    expect(healthy.filter((result) => !result.passed)).toEqual([]);
    const broken = await runConformanceChecks(referenceHarness(['rewrites-unchanged']));
    expect(broken.filter((result) => !result.passed).map((result) => result.name)).toEqual([
      'leaves the remote unchanged and writes nothing when the same quantities are pushed twice',
    ]);
  });

  it('fails a harness that declares no hang simulation, saying what to add', async () => {
    const { hangs: _hangs, ...withoutHangs } = referenceHarness();
    await expect(checkHangingCallsTimeOut(withoutHangs)).rejects.toThrow(/the harness must implement hangs\(\)/);
  });

  it('accepts webhooks whose output is records, and single-location deliveries with one unmapped name each', async () => {
    for (const shape of [
      { output: 'records', locations: 'many' },
      { output: 'events', locations: 'one' },
      { output: 'records', locations: 'one' },
    ] as const) {
      const results = await runConformanceChecks(referenceHarness([], shape));
      expect(results.filter((result) => result.group === 'webhooks')).toHaveLength(4);
      expect(results.filter((result) => !result.passed)).toEqual([]);
    }
  });
});
