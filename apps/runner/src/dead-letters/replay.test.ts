import { StockwireConfigurationSchema } from '@stockwire/model';
import { hoursAgo, useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runReplay } from '../commands/replay.ts';
import { createLogger } from '../observability/create-logger.ts';
import { createRunner, type Runner } from '../runtime/create-runner.ts';
import { capturedIo } from '../test-support/captured-io.ts';
import { startInProcessRunner, testRunnerOptions } from '../test-support/in-process-runner.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
const runners: Runner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
});

describe('dead letters and replay', () => {
  it('parks an event the engine refuses, and re-drives it with `stockwire replay` once the configuration is fixed', async () => {
    const environment = { [fixtureSecretVariable]: fixtureSecret };
    // First, `hooks` is not an authority: its adjustment is refused by the engine.
    const world = await createSyncWorld({ hooks: { authority: false } });
    const before = await startInProcessRunner(world, redis.url, { environment });
    runners.push(before);
    const body = JSON.stringify({
      adjustments: [
        { id: 'count-7', sku: 'SKU-C', location: 'L1', change: 6, reason: 'found', occurredAt: hoursAgo(2) },
      ],
    });
    const acceptance = await before.acceptWebhook('hooks', {
      headers: fixtureWebhookHeaders(body, fixtureSecret, 'delivery-7'),
      rawBody: Buffer.from(body),
      receivedAt: new Date().toISOString(),
    });
    expect(acceptance).toEqual({ outcome: 'accepted' });
    const [letter] = await waitUntil('the refused event to be dead-lettered', async () => {
      const letters = await before.deadLetters.list();
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter).toMatchObject({
      kind: 'event-rejected',
      connection: 'hooks',
      error: { code: 'not-authority' },
      payload: { idempotencyKey: 'hooks/count-7', sku: 'SKU-C', change: 6 },
    });
    expect(letter?.reason).toMatch(/hooks is not the authority for onHand of SKU-C at wh-1 \(wms is\)/);
    await before.close();

    const listing = capturedIo(world.root);
    expect(await runReplay({ limit: '20', redisUrl: redis.url }, listing)).toBe(0);
    expect(listing.stdoutText()).toContain(`${letter?.id}  `);
    expect(listing.stdoutText()).toContain('event-rejected  hooks  (replayable)');

    // The fix: make hooks an authority, restart with it, replay.
    const fixed = StockwireConfigurationSchema.parse({
      ...world.configuration,
      authority: [{ connections: ['wms', 'hooks'], states: '*' }],
    });
    const after = await createRunner({
      configuration: fixed,
      redisUrl: redis.url,
      options: testRunnerOptions,
      environment,
      logger: createLogger({ level: 'silent' }),
    });
    runners.push(after);
    await after.start();
    const replaying = capturedIo(world.root);
    expect(await runReplay({ id: letter?.id, limit: '20', redisUrl: redis.url }, replaying)).toBe(0);
    expect(replaying.stdoutText()).toContain(`Replayed 1 of 1:\n  ${letter?.id}: re-enqueued on apply (apply)`);
    await waitUntil('web to show the replayed adjustment', async () =>
      (await publishedOnWeb(world))['SKU-C'] === 6 ? true : undefined,
    );
    expect(await after.deadLetters.count()).toBe(0);

    const again = capturedIo(world.root);
    expect(await runReplay({ id: letter?.id, limit: '20', redisUrl: redis.url }, again)).toBe(1);
    expect(again.stdoutText()).toContain(`${letter?.id}: not replayed: there is no dead letter ${letter?.id}`);
  });

  it('says what to do instead for an item that never became an event', async () => {
    const world = await createSyncWorld();
    const runner = await startInProcessRunner(world, redis.url, { start: false });
    runners.push(runner);
    const id = await runner.deadLetters.add({ kind: 'item-failure', connection: 'wms', reason: 'unmapped SKU' });
    expect(await runner.replay(id)).toEqual({
      id,
      replayed: false,
      reason: expect.stringMatching(/fix the mapping .* then have the source send it again/),
    });
    expect(await runner.deadLetters.get(id)).toBeDefined();
    await runner.deadLetters.remove(id);
  });
});
