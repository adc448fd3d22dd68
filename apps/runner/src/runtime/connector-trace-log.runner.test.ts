import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/create-logger.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import type { Runner } from './create-runner.ts';
import { createShipHeroWarehouseWorld, type ShipHeroWarehouseWorld } from './shiphero-warehouse.test-helpers.ts';

const redis = useRedisServer();
const runners: Runner[] = [];
let installation: ShipHeroWarehouseWorld | undefined;
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
  await installation?.close();
  installation = undefined;
});

/** What the ShipHero sandbox issues as access tokens: the runner is never told them, so only redaction hides them. */
const issuedAccessToken = /eyJ\.sandbox\.[0-9a-f]{32}/;

/**
 * A runner over a ShipHero warehouse (a connector on the kit's HTTP client, which does not pass a log itself) at
 * `level`, reconciled once; its log lines as printed, parsed.
 */
async function reconcileAt(level: string) {
  installation = await createShipHeroWarehouseWorld({ skus: ['TEE-BLUE-M'], onHand: 20, shopify: false });
  const printed: string[] = [];
  const runner = await startInProcessRunner(installation.world, redis.url, {
    options: { keyPrefix: installation.keyPrefix },
    environment: installation.environment,
    // The logger `stockwire run` builds, without the secrets it would scrub: what is hidden here the kit hid.
    logger: createLogger({ level, write: (line) => void printed.push(line) }),
  });
  runners.push(runner);
  expect((await runner.reconcile('shiphero')).loaded).toBe(1);
  return { printed, lines: printed.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('trace-level logging of vendor calls (#23.7)', () => {
  it('prints a line per ShipHero request with method, URL and status, and never a token', async () => {
    const { printed, lines } = await reconcileAt('trace');
    const world = installation as ShipHeroWarehouseWorld;

    const requests = lines.filter((line) => typeof line.http === 'object');
    const urls = requests.map((line) => (line.http as { url: string }).url);
    expect(urls).toContain(`${world.shipHero.baseUrl}/auth/refresh`);
    expect(urls.some((url) => url.startsWith(`${world.shipHero.baseUrl}/graphql`))).toBe(true);
    for (const line of requests) {
      expect(line).toMatchObject({ level: 10, connection: 'shiphero', http: { method: 'POST', status: 200 } });
      expect(line.msg).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/\S+ → 200 in \d+ ms$/);
    }
    // The token exchange is logged with its body, the credentials in it redacted.
    const exchange = requests.find((line) => (line.http as { url: string }).url.endsWith('/auth/refresh'));
    expect(exchange?.http).toMatchObject({
      requestBody: '{"refresh_token":"[REDACTED]"}',
      responseBody: expect.stringContaining('"access_token":"[REDACTED]"'),
    });

    const everything = printed.join('');
    expect(everything).not.toContain(world.environment.SHIPHERO_REFRESH_TOKEN);
    expect(everything).not.toMatch(issuedAccessToken);
  });

  it('prints no request line at the default info level', async () => {
    const { lines } = await reconcileAt('info');
    expect(lines.filter((line) => typeof line.http === 'object')).toEqual([]);
  });
});
