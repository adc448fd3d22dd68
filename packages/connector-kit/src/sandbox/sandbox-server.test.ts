import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxServer, type SandboxServer } from './sandbox-server.ts';

describe('createSandboxServer', () => {
  let server: SandboxServer;

  beforeAll(async () => {
    server = await createSandboxServer({
      handle: (request) => {
        if (request.path === '/text') return { body: 'plain words' };
        if (request.path === '/broken') throw new Error('the sandbox handler is broken');
        return { status: 201, headers: { 'x-vendor': 'acme' }, body: { received: request.json ?? null } };
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.faults.clear();
    server.clearCalls();
  });

  it('listens on loopback and logs method, path, query, headers, raw body, parsed JSON and status', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/items/42?tag=a&tag=b&limit=5`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'yes' },
      body: '{"quantity": 7}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-vendor')).toBe('acme');
    expect(await response.json()).toEqual({ received: { quantity: 7 } });
    expect(server.calls).toHaveLength(1);
    const [call] = server.calls;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/items/42',
      query: { tag: ['a', 'b'], limit: '5' },
      bodyText: '{"quantity": 7}',
      json: { quantity: 7 },
      status: 201,
      fault: undefined,
      // The answer is logged too, so a contract test can validate it without wrapping the handler.
      response: { status: 201, headers: { 'x-vendor': 'acme' }, body: { received: { quantity: 7 } } },
    });
    expect(call?.headers['x-custom']).toBe('yes');
    expect(call?.time).toBeGreaterThan(Date.now() - 60_000);
  });

  it('sends strings as text and keeps broken JSON as raw text only', async () => {
    const text = await fetch(`${server.url}/text`);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toBe('plain words');
    await fetch(`${server.url}/json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(server.calls[1]).toMatchObject({ bodyText: '{oops', json: undefined });
  });

  it('answers 500 naming the problem when the handler throws, instead of hanging', async () => {
    const response = await fetch(`${server.url}/broken`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ sandboxError: 'the sandbox handler is broken' });
    expect(server.calls.at(-1)?.response).toEqual({
      status: 500,
      body: { sandboxError: 'the sandbox handler is broken' },
    });
  });

  it('answers the next N requests with 429 and Retry-After, then recovers', async () => {
    server.faults.rateLimitNext(2, { retryAfterSeconds: 3 });
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${server.url}/x`);
      statuses.push(response.status);
      retryAfter.push(response.headers.get('retry-after'));
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([429, 429, 201]);
    expect(retryAfter).toEqual(['3', '3', null]);
    expect(server.calls.map((call) => call.fault)).toEqual(['rate-limited', 'rate-limited', undefined]);
  });

  it('sends vendor-specific rate headers without Retry-After when asked', async () => {
    server.faults.rateLimitNext(1, { retryAfterSeconds: null, headers: { 'x-amzn-RateLimit-Limit': '0.5' } });
    const response = await fetch(`${server.url}/x`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('x-amzn-ratelimit-limit')).toBe('0.5');
  });

  it('fails only the requests a fault filter matches, with the chosen 5xx status', async () => {
    server.faults.failNext(1, { status: 502, when: (request) => request.path === '/inventory' });
    const other = await fetch(`${server.url}/orders`);
    const inventory = await fetch(`${server.url}/inventory`);
    const again = await fetch(`${server.url}/inventory`);
    expect([other.status, inventory.status, again.status]).toEqual([201, 502, 201]);
    expect(server.calls[1]?.fault).toBe('server-error');
  });

  it('hangs a request until the client gives up, and logs it without a status', async () => {
    server.faults.hangNext(1);
    await expect(fetch(`${server.url}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(server.calls[0]).toMatchObject({ path: '/slow', fault: 'hang', status: undefined });
    const next = await fetch(`${server.url}/fast`);
    expect(next.status).toBe(201);
  });

  it('resets the connection so the client sees a network error', async () => {
    server.faults.resetNext(1);
    await expect(fetch(`${server.url}/reset`)).rejects.toThrow(/fetch failed/);
    expect(server.calls[0]?.fault).toBe('connection-reset');
  });

  it('delays answers by the added latency until it is turned off', async () => {
    server.faults.setLatency(500);
    // A client that waits less than the added latency never gets the answer: the delay is really applied.
    await expect(fetch(`${server.url}/delayed`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    server.faults.setLatency(0);
    expect((await fetch(`${server.url}/prompt`)).status).toBe(201);
  });

  it('reports the most calls seen in any window of the log', async () => {
    await Promise.all([1, 2, 3, 4].map((index) => fetch(`${server.url}/burst/${index}`)));
    expect(server.maxCallsInWindow(60_000)).toBe(4);
    expect(server.maxCallsInWindow(60_000, (call) => call.path === '/burst/2')).toBe(1);
  });
});

describe('closing a sandbox server', () => {
  it('ends hung requests, stops listening and can be called twice', async () => {
    const server = await createSandboxServer({ handle: () => ({ body: 'ok' }) });
    server.faults.hangNext(1);
    const hung = fetch(`${server.url}/hang`);
    await expect.poll(() => server.calls.length).toBe(1);
    await Promise.all([server.close(), server.close()]);
    await expect(hung).rejects.toThrow();
    await expect(fetch(`${server.url}/after`)).rejects.toThrow();
  });
});
