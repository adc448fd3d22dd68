import { afterAll, beforeAll, describe, it } from 'vitest';
import { applicableConformanceChecks, type ConformanceCheckEntry } from './conformance-checks.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';

export interface DescribeConformanceOptions {
  /** Per-check timeout in milliseconds; a check that needs longer is a check that hangs. Default 20 000. */
  readonly timeoutMs?: number;
}

/**
 * Registers the ConnectorV2 conformance suite for one connector: one `it` per applicable check, grouped by the
 * capability or fault it exercises. Checks the connector's capabilities or the sandbox's simulations rule out are
 * not registered at all, so nothing passes vacuously and nothing is reported as skipped.
 */
export function describeConnectorConformance(
  harness: ConnectorConformanceHarness,
  options: DescribeConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 20_000;
  const groups = new Map<ConformanceCheckEntry['group'], ConformanceCheckEntry[]>();
  for (const entry of applicableConformanceChecks(harness)) {
    groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  }
  describe(`${harness.name} conforms to ConnectorV2`, () => {
    beforeAll(async () => await harness.setUp?.(), 60_000);
    afterAll(async () => await harness.tearDown?.(), 60_000);
    for (const [group, entries] of groups) {
      describe(group, () => {
        for (const entry of entries) it(entry.name, async () => await entry.check(harness), timeout);
      });
    }
  });
}
