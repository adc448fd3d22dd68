import type { ConnectorV2, ParsedWebhookV2, RawWebhookV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError, UnmappedSkuError, WebhookSignatureError } from '@stockwire/connector-spec';
import { InventoryEventSchema, OrderRecordSchema, TimestampSchema } from '@stockwire/model';
import { conformanceScope } from './conformance-configuration.ts';
import type { ConformanceInputFlaw, ConnectorConformanceHarness } from './conformance-harness.ts';
import {
  describeError,
  expectConnectorError,
  expectTypedFailures,
  fail,
  positionKey,
  rejectionOf,
  requireHarness,
  withConnector,
} from './conformance-helpers.ts';
import { expectUnmappedFailures } from './expect-unmapped-failures.ts';

const because = 'because the connector declares webhooks';

/**
 * A delivery signed as the vendor signs it verifies and parses into canonical output (events, orders, or records of
 * what the remote shows), the same each time it is
 * parsed; the same delivery with its body changed after signing is rejected with WebhookSignatureError before
 * anything is read from it.
 */
export async function checkWebhookSignatureIsVerified(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const signed = requireHarness(harness.signedWebhook, 'signedWebhook', because).call(harness);
  const tampered = requireHarness(harness.tamperedWebhook, 'tamperedWebhook', because).call(harness);
  await withConnector(harness, async (connector) => {
    try {
      await verify(connector, signed);
    } catch (error) {
      fail(`a correctly signed webhook was rejected: ${describeError(error)}`);
    }
    const parsed = await parse(connector, signed);
    expectParsedWebhook(parsed, harness);
    if (outputCount(parsed) === 0) fail('a correctly signed webhook gave no events, orders or records');
    if (parsed.failures.length > 0) fail(`a clean webhook gave failures: ${parsed.failures[0]?.error.message}`);
    // The runner parses each delivery twice (before answering, then when it ingests): the second parse must not
    // come back empty because the first one was remembered.
    const again = await parse(connector, signed);
    if (JSON.stringify(again) !== JSON.stringify(parsed)) {
      fail('parsing the same delivery again gave a different result; parseWebhook must be repeatable');
    }

    const error = await rejectionOf(() => verify(connector, tampered), 'verifyWebhook of a tampered delivery');
    if (!WebhookSignatureError.isInstance(error)) {
      fail(`a tampered webhook was rejected with ${describeError(error)}; expected WebhookSignatureError`);
    }
  });
}

/**
 * A signed delivery naming an unmapped SKU and location reports both as typed failures beside its good output. For
 * vendors whose deliveries name one location (`webhookLocations: 'one'`), one delivery carries the unmapped SKU
 * beside mapped ones and another is at the unmapped location.
 */
export async function checkWebhookReportsUnmappedNames(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const signedWebhook = requireHarness(harness.signedWebhook, 'signedWebhook', because);
  await withConnector(harness, async (connector) => {
    const parseFlawed = async (flaws: readonly ConformanceInputFlaw[]) => {
      const webhook = signedWebhook.call(harness, { flaws });
      await verify(connector, webhook);
      const parsed = await parse(connector, webhook);
      expectParsedWebhook(parsed, harness);
      return parsed;
    };
    if ((harness.webhookLocations ?? 'many') === 'many') {
      const parsed = await parseFlawed(['unmapped-sku', 'unmapped-location']);
      if (outputCount(parsed) === 0) fail('a webhook with two unmapped items lost its mapped ones too');
      expectUnmappedFailures(parsed.failures, 'the webhook');
      return;
    }
    const withSku = await parseFlawed(['unmapped-sku']);
    if (outputCount(withSku) === 0) fail('a webhook with an unmapped SKU lost its mapped ones too');
    const atLocation = await parseFlawed(['unmapped-location']);
    expectUnmappedFailures([...withSku.failures, ...atLocation.failures], 'the two webhooks');
    if (withSku.failures.some((failure) => !UnmappedSkuError.isInstance(failure.error))) {
      fail('the webhook with an unmapped SKU reported a failure that is not UnmappedSkuError');
    }
  });
}

/** A correctly signed delivery whose body cannot be read gives MalformedPayloadError or failures, never a raw error. */
export async function checkMalformedWebhookIsTyped(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const webhook = requireHarness(harness.malformedWebhook, 'malformedWebhook', because).call(harness);
  await withConnector(harness, async (connector) => {
    await verify(connector, webhook);
    let parsed: ParsedWebhookV2;
    try {
      parsed = await parse(connector, webhook);
    } catch (error) {
      const typed = expectConnectorError(error, 'parseWebhook of a malformed body');
      if (!MalformedPayloadError.isInstance(typed)) {
        fail(`parseWebhook of a malformed body threw ${typed.name}; expected MalformedPayloadError`);
      }
      return;
    }
    if (parsed.failures.length === 0) fail('parseWebhook of a malformed body reported nothing wrong');
    expectTypedFailures(parsed.failures, 'parseWebhook of a malformed body');
  });
}

async function verify(connector: ConnectorV2, webhook: RawWebhookV2): Promise<void> {
  const method = requireHarness(connector.webhooks, 'connector.webhooks', 'to declare webhooks');
  await method.verify(webhook);
}

async function parse(connector: ConnectorV2, webhook: RawWebhookV2): Promise<ParsedWebhookV2> {
  const method = requireHarness(connector.webhooks, 'connector.webhooks', 'to declare webhooks');
  return await method.parse(webhook);
}

/** Events, orders and records (what the remote shows) are all output a delivery may carry. */
function outputCount(parsed: ParsedWebhookV2): number {
  return parsed.events.length + (parsed.orders?.length ?? 0) + (parsed.records?.length ?? 0);
}

function expectParsedWebhook(parsed: ParsedWebhookV2, harness: ConnectorConformanceHarness): void {
  if (parsed.deliveryId.length === 0) fail('a parsed webhook has no deliveryId, so redeliveries cannot be dropped');
  const scope = conformanceScope(harness);
  const topics = harness.capabilities.webhooks?.topics ?? [];
  if (!topics.includes(parsed.topic)) fail(`the webhook topic "${parsed.topic}" is not among the declared ${topics}`);
  for (const event of parsed.events) {
    const result = InventoryEventSchema.safeParse(event);
    if (!result.success) fail(`a webhook event is not a valid canonical event: ${result.error.message}`);
    if (event.source !== harness.connection) fail(`a webhook event has source "${event.source}"`);
  }
  for (const record of parsed.records ?? []) {
    const where = positionKey(record.sku, record.location);
    if (!scope.skus.includes(record.sku) && record.sku !== scope.casePacked?.sku) {
      fail(`a webhook record names SKU "${record.sku}", not a canonical SKU of the configuration`);
    }
    if (!scope.locations.includes(record.location)) fail(`a webhook record at ${where} names no mapped location`);
    const quantities = Object.values(record.quantities);
    if (quantities.length === 0 || quantities.some((quantity) => !Number.isInteger(quantity) || quantity < 0)) {
      fail(
        `a webhook record at ${where} holds quantities that are not whole numbers: ${JSON.stringify(record.quantities)}`,
      );
    }
    if (!TimestampSchema.safeParse(record.observedAt).success) {
      fail(`a webhook record at ${where} has observedAt "${record.observedAt}", not an ISO-8601 date-time`);
    }
  }
  for (const order of parsed.orders ?? []) {
    const result = OrderRecordSchema.safeParse(order);
    if (!result.success) fail(`a webhook order is not a valid canonical order record: ${result.error.message}`);
    if (order.source !== harness.connection) fail(`a webhook order has source "${order.source}"`);
  }
}
