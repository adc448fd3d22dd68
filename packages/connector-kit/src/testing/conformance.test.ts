import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type ConnectionMappingV2,
  ConnectorError,
  type ConnectorV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type PushItemResultV2,
  RateLimitedError,
  type RawWebhookV2,
  TransientError,
  UnmappedSkuError,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import { buildCatalog, type InventoryEvent } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { headerValue } from '../connection/header-value.ts';
import { createConnectionMapping } from '../connection/mapping.ts';
import {
  type ConnectorConformanceHarness,
  checkChangesResumeAfterCrash,
  checkInvalidCursorIsRefused,
  checkMalformedWebhookIsTyped,
  checkPushSkipsUnchangedValues,
  checkRateLimitStormIsReported,
  checkSnapshotIsComplete,
  checkWebhookSignatureIsVerified,
  createConformanceConfiguration,
  describeConnectorConformance,
  runConformanceChecks,
} from './index.ts';

/**
 * Ways to break the reference connector, each against one rule of the spec. V1 also let a connector declare a
 * capability without its method, or poll without a cursor schema; in V2 each capability object holds its method and
 * its cursor schema, so those flaws cannot be written any more: their checks were deleted from the suite rather
 * than kept passing vacuously.
 */
type Flaw =
  | 'rewrites-unchanged'
  | 'swallows-rate-limits'
  | 'drops-last-page'
  | 'keeps-position-in-memory'
  | 'accepts-any-signature'
  | 'raw-errors-on-malformed'
  | 'unvalidated-cursor';

/** The "vendor": an in-memory remote with its own names (items, sites) and the faults a sandbox injects. */
interface ReferenceRemote {
  levels: Array<{ item: string; site: string; onHand: unknown }>;
  /** Items the remote has listings for; pushing anything else is refused. */
  items: Set<string>;
  listings: Map<string, number>;
  feed: Array<{ sequence: number; item: string; site: string; delta: unknown }>;
  writes: number;
  stormRetryAfterSeconds: number | undefined;
  down: boolean;
}

const connection = 'reference';
const secret = 'reference-signing-secret';
const configuration = createConformanceConfiguration({ connection, connector: 'reference' });
const capabilities = {
  snapshot: { mode: 'paged' as const },
  push: { maxBatchSize: 50, absolute: true as const, compareAndSet: false, listingStatuses: ['in-stock' as const] },
  changes: { suggestedIntervalSeconds: 60 },
  webhooks: { topics: ['inventory/changed'] },
};
const CursorSchema = z.strictObject({ sequence: z.number().int().nonnegative() });
type Cursor = z.infer<typeof CursorSchema>;

/** What a real client does first on every call: the vendor answers 429 or the connection fails. */
function callRemote(remote: ReferenceRemote): void {
  if (remote.down) throw new TransientError({ connection, reason: 'connection refused (ECONNREFUSED)' });
  if (remote.stormRetryAfterSeconds !== undefined) {
    throw new RateLimitedError({ connection, retryAfterMs: remote.stormRetryAfterSeconds * 1_000 });
  }
}

function createReferenceConnector(remote: ReferenceRemote, flaws: readonly Flaw[]): ConnectorV2<Cursor, never> {
  const mapping: ConnectionMappingV2 = createConnectionMapping(buildCatalog(configuration), connection);
  const observedAt = '2026-11-27T09:00:00Z';
  let positionInMemory = 0;
  return {
    specificationVersion: 'v2',
    connector: 'reference',
    connection,
    snapshot: {
      ...capabilities.snapshot,
      read: async (request) => {
        callRemote(remote);
        const start = Number(request.cursor ?? 0);
        const page = remote.levels.slice(start, start + 3);
        const failures: ItemFailureV2[] = [];
        const records = page.flatMap((level, index) => {
          const result = captureItemFailure(`levels[${start + index}]`, () => {
            if (typeof level.onHand !== 'number') {
              throw new MalformedPayloadError({
                connection,
                what: 'levels',
                path: '$.onHand',
                problem: 'not a number',
              });
            }
            const sku = mapping.toCanonicalSku(level.item);
            return {
              sku,
              location: mapping.toCanonicalLocation(level.site),
              quantities: { onHand: level.onHand },
              observedAt,
            };
          });
          if ('failure' in result) failures.push(result.failure);
          return 'value' in result ? [result.value] : [];
        });
        const next = start + 3;
        const last = flaws.includes('drops-last-page')
          ? next + 3 >= remote.levels.length
          : next >= remote.levels.length;
        return { records, failures, nextCursor: last ? undefined : String(next) };
      },
    },
    push: {
      ...capabilities.push,
      push: async (request) => {
        try {
          callRemote(remote);
        } catch (error) {
          if (!flaws.includes('swallows-rate-limits') || !ConnectorError.isInstance(error)) throw error;
          return {
            results: request.items.map((item) => ({ key: item.key, outcome: 'failed', error })),
            requestsMade: 1,
          };
        }
        const results = request.items.map((item): PushItemResultV2 => {
          const external = mapping.toExternalSku(item.sku);
          if (!remote.items.has(external)) {
            return {
              key: item.key,
              outcome: 'failed',
              error: new UnmappedSkuError({ connection, externalSku: external }),
            };
          }
          const listing = `${item.channel}|${external}`;
          if (remote.listings.get(listing) === item.quantity && !flaws.includes('rewrites-unchanged')) {
            return { key: item.key, outcome: 'unchanged', remoteQuantity: item.quantity };
          }
          remote.listings.set(listing, item.quantity);
          remote.writes++;
          return { key: item.key, outcome: 'written', remoteQuantity: item.quantity };
        });
        return { results, requestsMade: 1 };
      },
    },
    changes: {
      ...capabilities.changes,
      cursorSchema: CursorSchema,
      pull: async (request) => {
        callRemote(remote);
        const parsed = CursorSchema.optional().safeParse(request.cursor);
        if (!parsed.success && !flaws.includes('unvalidated-cursor')) {
          throw new ConnectorError({ connection, code: 'invalid_cursor', retryable: false, message: 'invalid cursor' });
        }
        const inMemory = flaws.includes('keeps-position-in-memory');
        const after = inMemory ? positionInMemory : (request.cursor?.sequence ?? 0);
        const pending = remote.feed.filter((entry) => entry.sequence > after);
        const page = pending.slice(0, request.limit ?? 100);
        const events: InventoryEvent[] = [];
        const failures: ItemFailureV2[] = [];
        for (const entry of page) {
          const result = captureItemFailure(`feed #${entry.sequence}`, (): InventoryEvent => {
            if (typeof entry.delta !== 'number') {
              throw new MalformedPayloadError({ connection, what: 'feed', path: '$.delta', problem: 'not a number' });
            }
            const [sku, location] = [mapping.toCanonicalSku(entry.item), mapping.toCanonicalLocation(entry.site)];
            const base = { idempotencyKey: `reference-${entry.sequence}`, source: connection, occurredAt: observedAt };
            return { ...base, sku, location, kind: 'adjustment', change: entry.delta, reason: 'correction' };
          });
          if ('failure' in result) failures.push(result.failure);
          else events.push(result.value);
        }
        const sequence = page.at(-1)?.sequence ?? after;
        positionInMemory = sequence;
        return { events, failures, cursor: { sequence }, hasMore: pending.length > page.length };
      },
    },
    webhooks: {
      ...capabilities.webhooks,
      verify: async (webhook) => {
        if (flaws.includes('accepts-any-signature')) return;
        const expected = Buffer.from(sign(webhook.rawBody));
        const received = Buffer.from(headerValue(webhook.headers, 'x-reference-signature') ?? '');
        if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
          throw new WebhookSignatureError({ connection, reason: 'the X-Reference-Signature does not match the body' });
        }
      },
      parse: async (webhook) => {
        const text = Buffer.from(webhook.rawBody).toString('utf8');
        let body: unknown;
        if (flaws.includes('raw-errors-on-malformed')) body = JSON.parse(text);
        else {
          try {
            body = JSON.parse(text);
          } catch {
            throw new MalformedPayloadError({ connection, what: 'the webhook', path: '$', problem: 'not JSON' });
          }
        }
        const { id, changes } = body as { id: string; changes: Array<{ item: string; site: string; delta: number }> };
        const events: InventoryEvent[] = [];
        const failures: ItemFailureV2[] = [];
        changes.forEach((change, index) => {
          const result = captureItemFailure(`$.changes[${index}]`, (): InventoryEvent => {
            const [sku, location] = [mapping.toCanonicalSku(change.item), mapping.toCanonicalLocation(change.site)];
            const base = { idempotencyKey: `${id}-${index}`, source: connection, occurredAt: webhook.receivedAt };
            return { ...base, sku, location, kind: 'adjustment', change: change.delta, reason: 'correction' };
          });
          if ('failure' in result) failures.push(result.failure);
          else events.push(result.value);
        });
        return { deliveryId: id, topic: 'inventory/changed', events, failures };
      },
    },
  };
}

const sign = (body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');

function webhookOf(body: string, signature = sign(Buffer.from(body))): RawWebhookV2 {
  const headers = { 'x-reference-signature': signature };
  return { headers, rawBody: Buffer.from(body), receivedAt: '2026-11-27T10:00:00Z' };
}

function referenceHarness(flaws: readonly Flaw[] = []): ConnectorConformanceHarness<Cursor> {
  const catalog = buildCatalog(configuration);
  const remote: ReferenceRemote = {} as ReferenceRemote;
  const item = (sku: string) => catalog.externalSku(connection, sku);
  const site = (location: string) => catalog.externalLocation(connection, location) ?? location;
  const flawed = (flawList: readonly string[] = []) => [
    ...(flawList.includes('unmapped-sku') ? [{ item: 'NOT-A-SKU', site: 'REMOTE-NORTH' }] : []),
    ...(flawList.includes('unmapped-location') ? [{ item: 'REMOTE-BLACK', site: 'REMOTE-NOWHERE' }] : []),
  ];
  return {
    name: `reference connector${flaws.length > 0 ? ` (${flaws.join(', ')})` : ''}`,
    capabilities,
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, malformedPayloads: true },
    inventoryStates: ['onHand'],
    async resetRemote() {
      const items = new Set(configuration.skus.map((sku) => item(sku.id)));
      Object.assign(remote, { levels: [], items, listings: new Map(), feed: [], writes: 0, down: false });
      remote.stormRetryAfterSeconds = undefined;
    },
    createConnector: () => createReferenceConnector(remote, flaws),
    async seedRemoteInventory(records, options) {
      remote.levels = records.map((record) => ({
        item: item(record.sku),
        site: site(record.location),
        onHand: record.quantities.onHand,
      }));
      remote.levels.push(...flawed(options?.flaws).map((entry) => ({ ...entry, onHand: 1 })));
    },
    async appendRemoteChanges(changes, options) {
      const entries = [
        ...changes.map((change) => ({ item: item(change.sku), site: site(change.location), delta: change.change })),
        ...flawed(options?.flaws).map((entry) => ({ ...entry, delta: 1 })),
      ];
      for (const entry of entries) remote.feed.push({ ...entry, sequence: remote.feed.length + 1 });
    },
    async readPublishedQuantities() {
      return [...remote.listings].map(([listing, quantity]) => {
        const [channel = '', external = ''] = listing.split('|');
        return { channel, sku: catalog.resolveSku(connection, external), quantity };
      });
    },
    countRemoteWrites: async () => remote.writes,
    unpushableItem: () => ({
      item: { channel: 'web', sku: 'SKU-NOT-AT-REMOTE', quantity: 1, status: 'in-stock' },
      expectedError: 'UnmappedSkuError',
    }),
    async injectRateLimitStorm({ retryAfterMs }) {
      remote.stormRetryAfterSeconds = retryAfterMs / 1_000;
    },
    async injectConnectionFaults() {
      remote.down = true;
    },
    async clearFaults() {
      remote.down = false;
      remote.stormRetryAfterSeconds = undefined;
    },
    async seedMalformedRemoteData(target) {
      if (target === 'snapshot') remote.levels.push({ item: 'REMOTE-BLACK', site: 'REMOTE-NORTH', onHand: '12 units' });
      else
        remote.feed.push({ sequence: remote.feed.length + 1, item: 'REMOTE-BLACK', site: 'REMOTE-NORTH', delta: 'x' });
    },
    signedWebhook(options) {
      const changes = [{ item: 'REMOTE-WHITE', site: 'REMOTE-SOUTH', delta: -2 }, ...flawed(options?.flaws)];
      return webhookOf(
        JSON.stringify({ id: 'delivery-1', changes: changes.map((change) => ({ delta: 1, ...change })) }),
      );
    },
    tamperedWebhook() {
      const original = JSON.stringify({
        id: 'delivery-2',
        changes: [{ item: 'REMOTE-WHITE', site: 'REMOTE-SOUTH', delta: 1 }],
      });
      return webhookOf(original.replace('"delta":1', '"delta":100'), sign(Buffer.from(original)));
    },
    malformedWebhook: () => webhookOf('{"id": "delivery-3", "changes": [truncated'),
  };
}

describeConnectorConformance(referenceHarness());

describe('the conformance suite fails connectors that break the spec', () => {
  const brokenCases: Array<[Flaw, (harness: ConnectorConformanceHarness) => Promise<void>, RegExp]> = [
    ['rewrites-unchanged', checkPushSkipsUnchangedValues, /unchanged/],
    ['swallows-rate-limits', checkRateLimitStormIsReported, /push\.push during a rate-limit storm resolved/],
    ['drops-last-page', checkSnapshotIsComplete, /the snapshot lost 1 seeded records/],
    ['keeps-position-in-memory', checkChangesResumeAfterCrash, /events came again/],
    ['accepts-any-signature', checkWebhookSignatureIsVerified, /tampered delivery resolved/],
    ['raw-errors-on-malformed', checkMalformedWebhookIsTyped, /raw exception instead of a typed connector error/],
    ['unvalidated-cursor', checkInvalidCursorIsRefused, /resolved, but it had to throw/],
  ];

  for (const [flaw, check, message] of brokenCases) {
    it(`${check.name} rejects a connector that ${flaw.replaceAll('-', ' ')}`, async () => {
      const harness = referenceHarness([flaw]);
      await expect(check(harness)).rejects.toThrow(message);
    });
  }

  it('runs programmatically: every check passes for the reference connector, exactly one fails for a broken one', async () => {
    const healthy = await runConformanceChecks(referenceHarness());
    expect(healthy.length).toBe(15);
    expect(healthy.filter((result) => !result.passed)).toEqual([]);
    const broken = await runConformanceChecks(referenceHarness(['rewrites-unchanged']));
    expect(broken.filter((result) => !result.passed).map((result) => result.name)).toEqual([
      'leaves the remote unchanged and writes nothing when the same quantities are pushed twice',
    ]);
  });
});
