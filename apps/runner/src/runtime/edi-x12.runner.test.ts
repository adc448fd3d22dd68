import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { partnerInterchange, readOutboxAdvices, warehouseReceipt } from '@stockwire/connector-edi-x12/sandbox';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';
import {
  createEdiWorld,
  departmentStoreId,
  type EdiWorld,
  storeSku,
  thirdPartyLogisticsId,
  thirdPartyWarehouse,
} from './edi-x12.test-helpers.ts';
import { shopifyAvailable, squareShelf } from './square-store.test-helpers.ts';

const redis = useRedisServer();
let world: EdiWorld | undefined;
let runner: Runner | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await runner?.close();
  await world?.close();
  app = runner = world = undefined;
});

/** The newest 846 the department store got: its kind and what it says about the store's SKU. */
async function latestAdvice(current: EdiWorld) {
  const advice = (await readOutboxAdvices(current.ediRoot))
    .filter((entry) => entry.receiverId === departmentStoreId)
    .at(-1);
  return advice === undefined ? undefined : { kind: advice.kind, lines: advice.lines };
}

async function describeWorld(): Promise<string> {
  if (world === undefined) return 'no world';
  return JSON.stringify({
    shopify: shopifyAvailable(world),
    advices: await readOutboxAdvices(world.ediRoot),
    engine: await runner?.engine.quantities(storeSku, 'dc-3pl'),
    letters: await runner?.deadLetters.list(),
  });
}

describe('wholesale and 3PL partners by EDI X12 (#20)', () => {
  it('a 944 receipt from the 3PL raises Shopify; a store sale lowers the next 846 delta', async () => {
    world = await createEdiWorld(10);
    const current = world;
    runner = await startInProcessRunner(current.world, redis.url, {
      options: { keyPrefix: `edi-x12-${randomUUID()}` },
      environment: current.environment,
    });
    const started = runner;
    app = await createHttpServer({ runner: started, adminToken: 'admin-token-for-edi-x12-5b1e' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    // Square's shelf holds 10: Shopify shows them, and the department store's first 846 is a full advice of 10.
    await started.reconcile('square');
    await waitUntil(
      'Shopify and the first 846 to show the shelf’s 10',
      async () => {
        const advice = await latestAdvice(current);
        return shopifyAvailable(current) === 10 && advice?.lines[0]?.quantity === 10 ? advice : undefined;
      },
      { describeLast: describeWorld, timeoutMs: 25_000 },
    );
    expect(await latestAdvice(current)).toEqual({
      kind: 'full',
      lines: [{ sku: storeSku, location: undefined, quantity: 10 }],
    });

    // The 3PL receives 6 (a 944 Warehouse Stock Transfer Receipt Advice into its SFTP/folder inbox).
    const receipt = partnerInterchange(thirdPartyLogisticsId, 41, 'RE', [
      warehouseReceipt(thirdPartyWarehouse, [{ sku: storeSku, quantity: 6 }]),
    ]);
    await writeFile(join(current.ediRoot, 'inbox', 'receipt-41.x12'), receipt);
    await waitUntil(
      'Shopify to show 16 after the 3PL receipt',
      () => (shopifyAvailable(current) === 16 ? true : undefined),
      { describeLast: describeWorld, timeoutMs: 25_000 },
    );
    expect(await started.engine.quantities(storeSku, 'dc-3pl')).toMatchObject({ onHand: 6 });
    await waitUntil(
      'the 846 delta to carry 16',
      async () => ((await latestAdvice(current))?.lines[0]?.quantity === 16 ? true : undefined),
      { describeLast: describeWorld, timeoutMs: 25_000 },
    );

    // A counter sale of 2 at the store (Square's own decrement, and its signed webhook).
    current.square.adjust({
      variationId: current.squareVariation,
      locationId: squareShelf,
      from: 'IN_STOCK',
      to: 'SOLD',
      quantity: '2',
    });
    const delivery = current.square.webhook(
      current.square.countUpdatedEvent([{ variationId: current.squareVariation, locationId: squareShelf }]),
    );
    const answer = await fetch(`${base}/webhooks/square`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.rawBody,
    });
    expect(answer.status).toBe(200);
    await waitUntil(
      'the next 846 delta to carry 14',
      async () => ((await latestAdvice(current))?.lines[0]?.quantity === 14 ? true : undefined),
      { describeLast: describeWorld, timeoutMs: 25_000 },
    );
    expect(await latestAdvice(current)).toEqual({
      kind: 'delta',
      lines: [{ sku: storeSku, location: undefined, quantity: 14 }],
    });
    expect(shopifyAvailable(current)).toBe(14);
    // The 3PL got its 997 accepting the receipt; only the department store gets 846s; nothing was dead-lettered.
    const acknowledgement = await readFile(join(current.ediRoot, 'outbox', '997-acme-3pl-000000041.x12'), 'utf8');
    expect(acknowledgement).toContain('AK1*RE*41~');
    expect(acknowledgement).toContain('AK9*A*1*1*1~');
    expect((await readOutboxAdvices(current.ediRoot)).every((advice) => advice.receiverId === departmentStoreId)).toBe(
      true,
    );
    expect(await started.deadLetters.list()).toEqual([]);
  }, 90_000);
});
