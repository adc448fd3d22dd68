import type { ConnectorV2, ParsedWebhookV2 } from '@stockwire/connector-spec';
import type { OrderRecordInput } from '@stockwire/model';
import { casePackedOf, expectCanonicalMultiple, quantitiesIn } from './check-units.ts';
import { conformanceScope } from './conformance-configuration.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { fail, pullUntilCaughtUp, requireHarness, withConnector } from './conformance-helpers.ts';

/**
 * The same change made at the remote to a 1:1 SKU and to the case-packed SKU (3 units, 3 cases) is reported in
 * canonical units: whatever the events carry for the first (a change of 3, a new level), they carry 12 times for
 * the second.
 */
export async function checkChangesReportCanonicalUnits(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const casePacked = casePackedOf(scope);
  const [plain = ''] = scope.skus;
  const location = scope.locations[0] ?? '';
  const append = requireHarness(harness.appendRemoteChanges, 'appendRemoteChanges', 'because it declares changes');
  await withConnector(harness, async (connector) => {
    let cursor = (await pullUntilCaughtUp(connector, undefined)).cursor;
    const reported: number[][] = [];
    for (const sku of [plain, casePacked.sku]) {
      await append.call(harness, [{ sku, location, change: 3 }]);
      const pulled = await pullUntilCaughtUp(connector, cursor);
      cursor = pulled.cursor;
      const events = pulled.pages.flatMap((page) => page.events).filter((event) => event.sku === sku);
      if (events.length === 0) fail(`a change of 3 to ${sku} gave no event`);
      reported.push(quantitiesIn(events));
    }
    expectCanonicalMultiple(reported[0] ?? [], reported[1] ?? [], casePacked.unitsPer, 'the changes feed');
  });
}

/** A delivery about the case-packed SKU reports it in canonical units: 12 times what it reports for a 1:1 SKU. */
export async function checkWebhookReportsCanonicalUnits(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const casePacked = casePackedOf(scope);
  const [plain = ''] = scope.skus;
  const signedWebhook = requireHarness(harness.signedWebhook, 'signedWebhook', 'because it declares webhooks');
  await withConnector(harness, async (connector) => {
    const reported: number[][] = [];
    for (const sku of [plain, casePacked.sku]) {
      const parsed = await parseVerified(connector, signedWebhook.call(harness, { sku }));
      const quantities = reportedQuantities(parsed, sku);
      if (quantities.length === 0) {
        fail(`signedWebhook({ sku: '${sku}' }) gave a delivery reporting nothing about ${sku}; honour options.sku`);
      }
      reported.push(quantities);
    }
    expectCanonicalMultiple(reported[0] ?? [], reported[1] ?? [], casePacked.unitsPer, 'the webhook');
  });
}

async function parseVerified(
  connector: ConnectorV2,
  webhook: Parameters<NonNullable<ConnectorV2['webhooks']>['parse']>[0],
) {
  const webhooks = requireHarness(connector.webhooks, 'connector.webhooks', 'to declare webhooks');
  await webhooks.verify(webhook);
  return await webhooks.parse(webhook);
}

function reportedQuantities(parsed: ParsedWebhookV2, sku: string): number[] {
  const lines = (parsed.orders ?? []).flatMap((order: OrderRecordInput) =>
    'lines' in order && Array.isArray(order.lines) ? order.lines.filter((line) => line.sku === sku) : [],
  );
  return [
    ...quantitiesIn(parsed.events.filter((event) => event.sku === sku)),
    ...quantitiesIn((parsed.records ?? []).filter((record) => record.sku === sku)),
    ...quantitiesIn(lines),
  ];
}
