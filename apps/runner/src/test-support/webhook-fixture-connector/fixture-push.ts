import type { HttpClient } from '@stockwire/connector-kit';
import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  type PollPageV2,
  type PollRequestV2,
  type PushRequestV2,
  type PushResultV2,
  type RemoteInventoryRecordV2,
  type SnapshotPageV2,
} from '@stockwire/connector-spec';
import type { OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { FixtureOrder, fixtureOrderRecord } from './fixture-webhooks.ts';

/** Test fixture: one `POST /availability` carrying the whole batch; the vendor takes all or nothing. */
export async function pushFixtureQuantities(
  http: HttpClient,
  mapping: ConnectionMappingV2,
  request: PushRequestV2,
): Promise<PushResultV2> {
  const items = request.items.map((item) => ({
    channel: item.channel,
    sku: mapping.toExternalSku(item.sku),
    quantity: item.quantity,
    status: item.status,
  }));
  await http.request({
    method: 'POST',
    path: '/availability',
    body: { items },
    headers: { 'idempotency-key': request.idempotencyKey },
    operation: 'pushQuantities',
  });
  return {
    results: request.items.map((item) => ({ key: item.key, outcome: 'written', remoteQuantity: item.quantity })),
    requestsMade: 1,
  };
}

const FixtureInventory = z.object({
  items: z.array(z.object({ sku: z.string(), location: z.string(), available: z.number() })),
});

/** Test fixture: what the vendor shows, in one page; `available` is all a channel reports. */
export async function readFixtureSnapshot(http: HttpClient, mapping: ConnectionMappingV2): Promise<SnapshotPageV2> {
  const response = await http.request({
    method: 'GET',
    path: '/inventory',
    operation: 'readSnapshot',
    responseSchema: FixtureInventory,
  });
  const observedAt = new Date().toISOString();
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  response.data.items.forEach((item, index) => {
    const result = captureItemFailure(`$.items[${index}]`, () => ({
      sku: mapping.toCanonicalSku(item.sku),
      location: mapping.toCanonicalLocation(item.location),
      quantities: { available: item.available },
      observedAt,
      raw: item,
    }));
    if ('failure' in result) failures.push(result.failure);
    else records.push(result.value);
  });
  return { records, failures };
}

const FixtureOrdersPage = z.object({ orders: z.array(z.unknown()), last: z.int().min(0) });

/** Test fixture: `GET /orders?after=N`, the vendor's order messages after the N-th, and the number of the last. */
export async function pullFixtureOrders(
  http: HttpClient,
  mapping: ConnectionMappingV2,
  request: PollRequestV2<unknown>,
): Promise<PollPageV2<number>> {
  const after = typeof request.cursor === 'number' ? request.cursor : 0;
  const response = await http.request({
    method: 'GET',
    path: '/orders',
    query: { after: String(after) },
    operation: 'pullOrders',
    responseSchema: FixtureOrdersPage,
  });
  const orders: OrderRecordInput[] = [];
  const failures: ItemFailureV2[] = [];
  response.data.orders.forEach((raw, index) => {
    const result = captureItemFailure(`$.orders[${index}]`, () => fixtureOrderRecord(FixtureOrder.parse(raw), mapping));
    if ('failure' in result) failures.push(result.failure);
    else orders.push(result.value);
  });
  return { events: [], orders, failures, cursor: response.data.last, hasMore: false };
}
