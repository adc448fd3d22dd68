import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../sandbox/router.ts';
import { createSandboxServer, type SandboxServer } from '../sandbox/sandbox-server.ts';
import { createHttpClient } from './http-client.ts';
import type { HttpLogEntry } from './http-types.ts';

const accessToken = 'shpat_5ecr3t_t0ken_value';

// A vendor answer can carry an absolute URL (a pagination `next` link, a `Location`); a connector that passes it on
// as a path must not send the account's credentials to whatever host it names (#22).
describe('createHttpClient with an absolute URL as the path', () => {
  let vendor: SandboxServer;
  let elsewhere: SandboxServer;

  beforeAll(async () => {
    vendor = await createSandboxServer({ handle: createRouter().handle });
    elsewhere = await createSandboxServer({
      handle: createRouter().on('GET', '/steal', () => ({ body: { stolen: true } })).handle,
    });
  });
  afterAll(async () => {
    await vendor.close();
    await elsewhere.close();
  });

  it('keeps the request on the base URL, so the other host never sees it or its credentials', async () => {
    const log: HttpLogEntry[] = [];
    const client = createHttpClient({
      baseURL: `${vendor.url}/admin`,
      connection: 'shop-eu',
      headers: { 'x-shopify-access-token': accessToken },
      onLog: (entry) => log.push(entry),
    });

    const outcome = await client.get(`${elsewhere.url}/steal`).then(
      (response) => response.data,
      (error: unknown) => error,
    );

    expect(outcome).not.toEqual({ stolen: true });
    expect(elsewhere.calls).toEqual([]);
    expect(vendor.calls).toHaveLength(1);
    expect(vendor.calls[0]?.path.startsWith('/admin/')).toBe(true);
    // The log names where the request went, not where the path pointed.
    expect(log[0]?.url.startsWith(`${vendor.url}/admin/`)).toBe(true);
  });
});
