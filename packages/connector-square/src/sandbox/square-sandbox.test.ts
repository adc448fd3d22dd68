import { createSandboxServer, type SandboxServer } from '@stockwire/connector-kit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSquareSignatureValid, squareSignatureHeader } from '../square-webhook-signature.ts';
import { createSquareSandbox, type SquareSandbox } from './square-sandbox.ts';

/** The parts of Square's answers these tests read. */
interface WireBody {
  errors: Array<{ category: string; code: string; field: string; detail: string }>;
  counts: Array<Record<string, unknown>>;
  changes: Array<{ adjustment: { to_state: string } }>;
  objects: Array<{ id: string }>;
  cursor?: string;
}

const clock = { now: new Date('2026-11-24T12:00:00.000Z') };
let sandbox: SquareSandbox;

const call = async (path: string, body?: unknown, token = sandbox.accessToken) => {
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'square-version': '2026-09-16' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as WireBody };
};

const physicalCount = (variation: string, quantity: string, occurredAt = clock.now.toISOString()) => ({
  type: 'PHYSICAL_COUNT',
  physical_count: {
    catalog_object_id: variation,
    location_id: 'STORE',
    state: 'IN_STOCK',
    quantity,
    occurred_at: occurredAt,
  },
});

beforeAll(async () => {
  sandbox = await createSquareSandbox({ now: () => clock.now });
});
afterAll(async () => await sandbox?.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.addLocation('STORE');
});

describe('the Square sandbox', () => {
  it('refuses a request without the access token, with Square error list', async () => {
    const answer = await call('/v2/locations', undefined, 'wrong');
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0]).toMatchObject({ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' });
  });

  it('pages counts by cursor, and a cursor from another query is INVALID_CURSOR', async () => {
    for (const sku of ['A', 'B', 'C']) sandbox.setCount(sandbox.addVariation(sku), 'STORE', 'IN_STOCK', '4');
    const first = await call('/v2/inventory/counts/batch-retrieve', { limit: 2 });
    expect(first.body.counts).toHaveLength(2);
    const second = await call('/v2/inventory/counts/batch-retrieve', { limit: 2, cursor: first.body.cursor });
    expect(second.body.counts).toHaveLength(1);
    expect(second.body.cursor).toBeUndefined();
    const other = await call('/v2/inventory/counts/batch-retrieve', { states: ['WASTE'], cursor: first.body.cursor });
    expect(other.status).toBe(400);
    expect(other.body.errors[0]?.code).toBe('INVALID_CURSOR');
  });

  it('applies a physical count as a decimal string and returns the current counts', async () => {
    const variation = sandbox.addVariation('A');
    const answer = await call('/v2/inventory/changes/batch-create', {
      idempotency_key: 'key-1',
      changes: [physicalCount(variation, '7')],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.counts).toMatchObject([{ catalog_object_id: variation, state: 'IN_STOCK', quantity: '7' }]);
    expect(sandbox.count(variation, 'STORE')).toBe('7');
    expect(sandbox.state.physicalCountsWritten).toBe(1);
  });

  it('answers a replayed idempotency key with the first answer, and a reused one with IDEMPOTENCY_KEY_REUSED', async () => {
    const variation = sandbox.addVariation('A');
    const request = { idempotency_key: 'key-2', changes: [physicalCount(variation, '3')] };
    const first = await call('/v2/inventory/changes/batch-create', request);
    sandbox.setCount(variation, 'STORE', 'IN_STOCK', '1'); // a sale meanwhile: the replay still answers 3
    const replay = await call('/v2/inventory/changes/batch-create', request);
    expect(replay.body).toEqual(first.body);
    expect(sandbox.count(variation, 'STORE')).toBe('1');
    const reused = await call('/v2/inventory/changes/batch-create', {
      ...request,
      changes: [physicalCount(variation, '9')],
    });
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotency_key' });
    expect(sandbox.count(variation, 'STORE')).toBe('1');
  });

  it('refuses the whole batch when one change is invalid, naming each bad field', async () => {
    const variation = sandbox.addVariation('A');
    const stale = new Date(clock.now.getTime() - 25 * 60 * 60 * 1_000).toISOString();
    const answer = await call('/v2/inventory/changes/batch-create', {
      idempotency_key: 'key-3',
      changes: [
        physicalCount(variation, '5'),
        physicalCount(variation, '2', stale),
        physicalCount('NOPE', '1'),
        physicalCount(variation, '1.123456'),
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error) => `${error.code} ${error.field}`)).toEqual([
      'INVALID_TIME changes[1].physical_count.occurred_at',
      'NOT_FOUND changes[2].physical_count.catalog_object_id',
      'INVALID_VALUE changes[3].physical_count.quantity',
    ]);
    expect(sandbox.count(variation, 'STORE')).toBeUndefined();
    const tooMany = await call('/v2/inventory/changes/batch-create', {
      idempotency_key: 'key-4',
      changes: Array.from({ length: 101 }, () => physicalCount(variation, '1')),
    });
    expect(tooMany.body.errors[0]?.code).toBe('ARRAY_LENGTH_TOO_LONG');
  });

  it('lists changes received after a time, oldest occurrence first, and pages them', async () => {
    const variation = sandbox.addVariation('A');
    sandbox.setCount(variation, 'STORE', 'IN_STOCK', '10');
    const before = clock.now.toISOString();
    clock.now = new Date(clock.now.getTime() + 1_000);
    sandbox.adjust({ variationId: variation, locationId: 'STORE', from: 'IN_STOCK', to: 'SOLD', quantity: '2' });
    sandbox.adjust({
      variationId: variation,
      locationId: 'STORE',
      from: 'IN_STOCK',
      to: 'WASTE',
      quantity: '1',
      occurredAt: new Date(clock.now.getTime() - 60_000).toISOString(),
    });
    expect(sandbox.count(variation, 'STORE')).toBe('7');
    expect(sandbox.count(variation, 'STORE', 'WASTE')).toBe('1');
    const first = await call('/v2/inventory/changes/batch-retrieve', { updated_after: before, limit: 1 });
    expect(first.body.changes[0]?.adjustment.to_state).toBe('WASTE');
    const second = await call('/v2/inventory/changes/batch-retrieve', {
      updated_after: before,
      limit: 1,
      cursor: first.body.cursor,
    });
    expect(second.body.changes[0]?.adjustment.to_state).toBe('SOLD');
    expect(second.body.cursor).toBeUndefined();
    const later = await call('/v2/inventory/changes/batch-retrieve', { updated_after: clock.now.toISOString() });
    expect(later.body.changes).toEqual([]);
  });

  it("answers 429 RATE_LIMITED with Retry-After in Square's error shape when asked", async () => {
    sandbox.rateLimitNext(1, 3);
    const limited = await call('/v2/locations');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body.errors[0]).toMatchObject({ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' });
    expect((await call('/v2/locations')).status).toBe(200);
  });

  it('finds variations by SKU case-insensitively, as Square documents', async () => {
    const variation = sandbox.addVariation('Red-Shirt');
    sandbox.addVariation('BLUE');
    const answer = await call('/v2/catalog/search', {
      object_types: ['ITEM_VARIATION'],
      query: { exact_query: { attribute_name: 'sku', attribute_value: 'red-shirt' } },
    });
    expect(answer.body.objects.map((object) => object.id)).toEqual([variation]);
  });
});

describe('webhook deliveries from the Square sandbox', () => {
  let receiver: SandboxServer;
  beforeAll(async () => {
    receiver = await createSandboxServer({ handle: () => ({ status: 200 }) });
  });
  afterAll(async () => await receiver?.close());

  it('signs every delivery over the notification URL and body, including duplicates and reordered ones', async () => {
    receiver.clearCalls();
    const variation = sandbox.addVariation('A');
    sandbox.setCount(variation, 'STORE', 'IN_STOCK', '5');
    const deliverer = sandbox.webhookDeliverer(`${receiver.url}/square`);
    const event = (id: string) =>
      sandbox.countUpdatedEvent([{ variationId: variation, locationId: 'STORE' }], { eventId: id });
    deliverer.duplicateNext(1);
    await deliverer.deliver(event('e-1'));
    deliverer.reorderNext(2);
    await deliverer.deliver(event('e-2'));
    await deliverer.deliver(event('e-3'));
    const ids = receiver.calls.map((received) => (received.json as { event_id: string }).event_id);
    expect(ids).toEqual(['e-1', 'e-1', 'e-3', 'e-2']);
    for (const received of receiver.calls) {
      expect(
        isSquareSignatureValid({
          notificationUrl: sandbox.notificationUrl,
          rawBody: received.bodyText,
          signatureKey: sandbox.signatureKey,
          signature: received.headers[squareSignatureHeader],
        }),
      ).toBe(true);
    }
  });
});
