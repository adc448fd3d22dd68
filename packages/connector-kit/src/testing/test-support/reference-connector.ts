import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type ConnectionMappingV2,
  ConnectorError,
  type ConnectorV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  PermanentItemError,
  type PushItemResultV2,
  RateLimitedError,
  type RawWebhookV2,
  type RemoteInventoryRecordV2,
  RequestRejectedError,
  TransientError,
  UnmappedSkuError,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import { buildCatalog, type InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { headerValue } from '../../connection/header-value.ts';
import { createConnectionMapping } from '../../connection/mapping.ts';
import { type ConnectorConformanceHarness, createConformanceConfiguration } from '../index.ts';

/**
 * The reference connector the suite's own test runs: an in-memory "vendor" and a connector that follows every rule,
 * with flaws that each break one rule.
 *
 * Ways to break the reference connector, each against one rule of the spec. V1 also let a connector declare a
 * capability without its method, or poll without a cursor schema; in V2 each capability object holds its method and
 * its cursor schema, so those flaws cannot be written any more: their checks were deleted from the suite rather
 * than kept passing vacuously.
 */
export type Flaw =
  | 'rewrites-unchanged'
  | 'keys-idempotency-by-quantity'
  | 'reports-connection-units'
  | 'pushes-canonical-units'
  | 'skips-unknown-sites-in-webhooks'
  | 'records-in-vendor-names'
  | 'swallows-rate-limits'
  | 'drops-last-page'
  | 'keeps-position-in-memory'
  | 'accepts-any-signature'
  | 'raw-errors-on-malformed'
  | 'unvalidated-cursor'
  | 'waits-forever-on-hang'
  | 'gives-up-on-outage';

/** The "vendor": an in-memory remote with its own names (items, sites) and the faults a sandbox injects. */
interface ReferenceRemote {
  levels: Array<{ item: string; site: string; onHand: unknown }>;
  /** Items the remote has listings for; pushing anything else is refused. */
  items: Set<string>;
  listings: Map<string, number>;
  feed: Array<{ sequence: number; item: string; site: string; delta: unknown }>;
  writes: number;
  /** The vendor's idempotency store: a known key with other parameters is refused, the same request replayed. */
  idempotency: Map<string, { request: string; results: PushItemResultV2[] }>;
  stormRetryAfterSeconds: number | undefined;
  down: boolean;
  /** The vendor answers every request 503 (an outage). */
  failing: boolean;
  /** The vendor takes requests and never answers. */
  hanging: boolean;
}

/** The reference connector's request timeout, as a real one's `requestTimeoutMs` setting. */
const referenceRequestTimeoutMs = 200;

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
export type Cursor = z.infer<typeof CursorSchema>;

/** How the reference vendor's webhooks look: events (a change feed) or records (what it shows now, like Square). */
export interface ReferenceWebhookShape {
  readonly output: 'events' | 'records';
  /** `one`: a delivery names a single site, like a ShipBob shipment. */
  readonly locations: 'many' | 'one';
}
const defaultWebhookShape: ReferenceWebhookShape = { output: 'events', locations: 'many' };

/** What a real client does first on every call: the vendor answers 429, the connection fails, or no answer comes. */
async function callRemote(remote: ReferenceRemote, flaws: readonly Flaw[]): Promise<void> {
  if (remote.hanging) {
    // A client without a timeout waits as long as the vendor keeps the socket open (here: well past any bound).
    const waitMs = flaws.includes('waits-forever-on-hang') ? 60_000 : referenceRequestTimeoutMs;
    await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    throw new TransientError({ connection, reason: `no answer within ${referenceRequestTimeoutMs} ms (ETIMEDOUT)` });
  }
  if (remote.down) throw new TransientError({ connection, reason: 'connection refused (ECONNREFUSED)' });
  if (remote.failing) {
    // The flaw: a client that treats every non-2xx as the request's fault gives up on an outage.
    if (flaws.includes('gives-up-on-outage')) {
      throw new RequestRejectedError({ connection, target: 'GET /levels', vendorStatus: 503 });
    }
    throw new TransientError({ connection, reason: 'the vendor answered HTTP 503' });
  }
  if (remote.stormRetryAfterSeconds !== undefined) {
    throw new RateLimitedError({ connection, retryAfterMs: remote.stormRetryAfterSeconds * 1_000 });
  }
}

function createReferenceConnector(
  remote: ReferenceRemote,
  flaws: readonly Flaw[],
  shape: ReferenceWebhookShape,
): ConnectorV2<Cursor, never> {
  const mapping: ConnectionMappingV2 = createConnectionMapping(buildCatalog(configuration), connection);
  // Reported quantities are canonical units; a connector with the flaw forgets to convert them.
  const canonical = (sku: string, quantity: number) =>
    flaws.includes('reports-connection-units') ? quantity : quantity * mapping.unitsPer(sku);
  const observedAt = '2026-11-27T09:00:00Z';
  let positionInMemory = 0;
  return {
    specificationVersion: 'v2',
    connector: 'reference',
    connection,
    snapshot: {
      ...capabilities.snapshot,
      read: async (request) => {
        await callRemote(remote, flaws);
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
              quantities: { onHand: canonical(sku, level.onHand) },
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
          await callRemote(remote, flaws);
        } catch (error) {
          if (!flaws.includes('swallows-rate-limits') || !ConnectorError.isInstance(error)) throw error;
          return {
            results: request.items.map((item) => ({ key: item.key, outcome: 'failed', error })),
            requestsMade: 1,
          };
        }
        // A careless connector derives the vendor's key from fewer fields than the request has (defect #13.1).
        const vendorKey = flaws.includes('keys-idempotency-by-quantity')
          ? request.items.map((item) => `${item.sku}=${item.quantity}`).join(';')
          : request.idempotencyKey;
        const fingerprint = JSON.stringify(request.items);
        const known = remote.idempotency.get(vendorKey);
        if (known !== undefined) {
          if (known.request === fingerprint) return { results: known.results, requestsMade: 1 };
          const reason = 'the same idempotency key cannot be used with different operation parameters';
          return {
            results: request.items.map((item) => ({
              key: item.key,
              outcome: 'failed',
              error: new PermanentItemError({ connection, item: item.sku, reason }),
            })),
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
          const quantity = flaws.includes('pushes-canonical-units')
            ? item.quantity * mapping.unitsPer(item.sku)
            : item.quantity;
          if (remote.listings.get(listing) === quantity && !flaws.includes('rewrites-unchanged')) {
            return { key: item.key, outcome: 'unchanged', remoteQuantity: quantity };
          }
          remote.listings.set(listing, quantity);
          remote.writes++;
          return { key: item.key, outcome: 'written', remoteQuantity: quantity };
        });
        remote.idempotency.set(vendorKey, { request: fingerprint, results });
        return { results, requestsMade: 1 };
      },
    },
    changes: {
      ...capabilities.changes,
      cursorSchema: CursorSchema,
      pull: async (request) => {
        await callRemote(remote, flaws);
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
            const change = canonical(sku, entry.delta);
            return { ...base, sku, location, kind: 'adjustment', change, reason: 'correction' };
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
        const records: RemoteInventoryRecordV2[] = [];
        const failures: ItemFailureV2[] = [];
        const knownSites = new Set(['REMOTE-NORTH', 'REMOTE-SOUTH']);
        changes.forEach((change, index) => {
          // A careless parser drops what it cannot place instead of reporting it.
          if (flaws.includes('skips-unknown-sites-in-webhooks') && !knownSites.has(change.site)) return;
          const result = captureItemFailure(`$.changes[${index}]`, () => {
            const [sku, location] = [mapping.toCanonicalSku(change.item), mapping.toCanonicalLocation(change.site)];
            const quantity = canonical(sku, change.delta);
            if (shape.output === 'records') {
              records.push({
                sku: flaws.includes('records-in-vendor-names') ? change.item : sku,
                location,
                quantities: { onHand: Math.abs(quantity) },
                observedAt: webhook.receivedAt,
              });
              return;
            }
            const base = { idempotencyKey: `${id}-${index}`, source: connection, occurredAt: webhook.receivedAt };
            events.push({ ...base, sku, location, kind: 'adjustment', change: quantity, reason: 'correction' });
          });
          if ('failure' in result) failures.push(result.failure);
        });
        return { deliveryId: id, topic: 'inventory/changed', events, failures, records };
      },
    },
  };
}

const sign = (body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');

function webhookOf(body: string, signature = sign(Buffer.from(body))): RawWebhookV2 {
  const headers = { 'x-reference-signature': signature };
  return { headers, rawBody: Buffer.from(body), receivedAt: '2026-11-27T10:00:00Z' };
}

export function referenceHarness(
  flaws: readonly Flaw[] = [],
  shape: ReferenceWebhookShape = defaultWebhookShape,
): ConnectorConformanceHarness<Cursor> {
  const catalog = buildCatalog(configuration);
  const remote: ReferenceRemote = {} as ReferenceRemote;
  const item = (sku: string) => catalog.externalSku(connection, sku);
  const site = (location: string) => catalog.externalLocation(connection, location) ?? location;
  const flawed = (flawList: readonly string[] = []) => [
    ...(flawList.includes('unmapped-sku') ? [{ item: 'NOT-A-SKU', site: 'REMOTE-NORTH' }] : []),
    ...(flawList.includes('unmapped-location') ? [{ item: 'REMOTE-BLACK', site: 'REMOTE-NOWHERE' }] : []),
  ];
  return {
    name: `reference connector${flaws.length > 0 ? ` (${flaws.join(', ')})` : ''}${shape === defaultWebhookShape ? '' : ` (webhooks: ${shape.output}, ${shape.locations} location)`}`,
    webhookLocations: shape.locations,
    capabilities,
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, serverErrorStorm: true, malformedPayloads: true },
    inventoryStates: ['onHand'],
    async resetRemote() {
      const items = new Set(configuration.skus.map((sku) => item(sku.id)));
      const fresh = {
        levels: [],
        items,
        listings: new Map(),
        feed: [],
        writes: 0,
        idempotency: new Map(),
        down: false,
        failing: false,
        hanging: false,
      };
      Object.assign(remote, fresh);
      remote.stormRetryAfterSeconds = undefined;
    },
    createConnector: () => createReferenceConnector(remote, flaws, shape),
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
    async injectServerErrorStorm() {
      remote.failing = true;
    },
    hangs: {
      requestTimeoutMs: referenceRequestTimeoutMs,
      async inject() {
        remote.hanging = true;
      },
    },
    async clearFaults() {
      remote.hanging = false;
      remote.down = false;
      remote.failing = false;
      remote.stormRetryAfterSeconds = undefined;
    },
    async seedMalformedRemoteData(target) {
      if (target === 'snapshot') remote.levels.push({ item: 'REMOTE-BLACK', site: 'REMOTE-NORTH', onHand: '12 units' });
      else
        remote.feed.push({ sequence: remote.feed.length + 1, item: 'REMOTE-BLACK', site: 'REMOTE-NORTH', delta: 'x' });
    },
    signedWebhook(options) {
      const first = { item: item(options?.sku ?? 'SKU-WHITE'), site: 'REMOTE-SOUTH', delta: -2 };
      const mapped =
        options?.sku === undefined ? [first, { item: 'REMOTE-BLACK', site: 'REMOTE-SOUTH', delta: 3 }] : [first];
      // A single-location vendor cannot put a mapped and an unmapped site in one delivery.
      const alone = shape.locations === 'one' && options?.flaws?.includes('unmapped-location');
      const changes = [...(alone ? [] : mapped), ...flawed(options?.flaws)];
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
