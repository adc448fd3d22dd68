import type { ConnectorError } from '@stockwire/connector-spec';
import {
  AuthenticationError,
  MalformedPayloadError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter } from '../sandbox/router.ts';
import { createSandboxServer, type SandboxServer } from '../sandbox/sandbox-server.ts';
import { createHttpClient } from './http-client.ts';
import type { HttpLogEntry, RateFeedback } from './http-types.ts';

const accessToken = 'shpat_5ecr3t_t0ken_value';

/** Runs a promise that must fail and returns what it failed with. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('createHttpClient against a real local server', () => {
  let server: SandboxServer;

  beforeAll(async () => {
    const router = createRouter()
      .on('GET', '/admin/items/:id.json', (request, parameters) => ({
        headers: { 'x-amzn-ratelimit-limit': '2.0' },
        body: { item: { id: Number(parameters.id), query: request.query } },
      }))
      .on('POST', '/admin/items.json', (request) => ({ status: 201, body: { created: request.json } }))
      .on('GET', '/admin/text', () => ({ body: 'plain text answer' }))
      .on('GET', '/admin/not-json', () => ({ headers: { 'content-type': 'application/json' }, body: '{"broken' }))
      .on('GET', '/admin/unauthorized', (request) => ({
        status: 401,
        // Vendors do echo credentials back; the client must still never put them in an error.
        body: {
          errors: `[API] Invalid API key or access token (unrecognized login: ${request.headers['x-shopify-access-token']})`,
        },
      }))
      .on('GET', '/admin/forbidden', () => ({ status: 403, body: { errors: 'missing scope write_inventory' } }))
      .on('PUT', '/admin/levels.json', () => ({
        status: 422,
        body: { errors: { available: ['must be a number'] } },
      }))
      .on('GET', '/admin/reset-header', () => ({
        status: 429,
        headers: { 'x-ratelimit-reset-after': '2.5' },
        body: { errors: 'slow down' },
      }))
      .on('GET', '/admin/quiet-429', () => ({ status: 429, body: {} }));
    server = await createSandboxServer({ handle: router.handle });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.faults.clear();
    server.clearCalls();
  });

  const makeClient = (extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
    createHttpClient({
      baseURL: `${server.url}/admin`,
      connection: 'shop-eu',
      headers: { 'x-shopify-access-token': accessToken, 'user-agent': 'stockwire-test' },
      ...extra,
    });

  it('sends the path, query, JSON body, default headers and a fresh request id, and reads the answer', async () => {
    const client = makeClient();
    const read = await client.get('/items/7.json', { query: { fields: 'id,sku', tag: ['a', 'b'], skip: undefined } });
    const created = await client.post('/items.json', { body: { sku: 'RED-M', quantity: 3 } });
    expect(read.status).toBe(200);
    expect(read.data).toEqual({ item: { id: 7, query: { fields: 'id,sku', tag: ['a', 'b'] } } });
    expect(read.headers['x-amzn-ratelimit-limit']).toBe('2.0');
    expect(created.data).toEqual({ created: { sku: 'RED-M', quantity: 3 } });
    const [readCall, createCall] = server.calls;
    expect(readCall).toMatchObject({ method: 'GET', path: '/admin/items/7.json' });
    expect(createCall).toMatchObject({ method: 'POST', json: { sku: 'RED-M', quantity: 3 } });
    expect(createCall?.headers['content-type']).toContain('application/json');
    expect(readCall?.headers['x-shopify-access-token']).toBe(accessToken);
    expect(readCall?.headers['user-agent']).toBe('stockwire-test');
    expect(readCall?.headers['x-request-id']).toBe(read.requestId);
    expect(createCall?.headers['x-request-id']).toBe(created.requestId);
    expect(read.requestId).not.toBe(created.requestId);
  });

  it('returns non-JSON bodies as text and rejects JSON that does not parse', async () => {
    const client = makeClient();
    expect((await client.get('/text')).data).toBe('plain text answer');
    const error = await failureOf(client.get('/not-json'));
    expect(MalformedPayloadError.isInstance(error)).toBe(true);
    expect((error as MalformedPayloadError).vendorBody).toBe('{"broken');
  });

  it('validates the answer with a response schema and names the offending path', async () => {
    const client = makeClient();
    const schema = z.object({ item: z.object({ id: z.number() }) });
    const valid = await client.get('/items/9.json', { responseSchema: schema });
    expect(valid.data.item.id).toBe(9);
    const strict = z.object({ item: z.object({ id: z.string() }) });
    const error = await failureOf(client.get('/items/9.json', { responseSchema: strict }));
    expect(MalformedPayloadError.isInstance(error)).toBe(true);
    expect((error as MalformedPayloadError).path).toBe('$.item.id');
    expect((error as MalformedPayloadError).message).toContain('GET /items/9.json');
  });

  it('maps 429 to RateLimitedError with the wait from Retry-After, and never retries', async () => {
    server.faults.rateLimitNext(1, { retryAfterSeconds: 3 });
    const error = await failureOf(makeClient().get('/items/1.json'));
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_000);
    expect((error as RateLimitedError).retryable).toBe(true);
    expect((error as RateLimitedError).vendorStatus).toBe(429);
    expect((error as RateLimitedError).connection).toBe('shop-eu');
    expect(server.calls).toHaveLength(1);
  });

  it('reads an HTTP-date Retry-After against the clock it is given', async () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    server.faults.rateLimitNext(1, {
      retryAfterSeconds: null,
      headers: { 'retry-after': 'Sat, 01 Mar 2025 12:00:04 GMT' },
    });
    const error = await failureOf(makeClient({ now: () => now }).get('/items/1.json'));
    expect((error as RateLimitedError).retryAfterMs).toBe(4_000);
  });

  it('falls back to the vendor retry header, then to the default wait', async () => {
    const client = makeClient({
      retryAfterHeader: { name: 'X-RateLimit-Reset-After', unit: 'seconds' },
      defaultRetryAfterMs: 750,
    });
    expect(((await failureOf(client.get('/reset-header'))) as RateLimitedError).retryAfterMs).toBe(2_500);
    expect(((await failureOf(client.get('/quiet-429'))) as RateLimitedError).retryAfterMs).toBe(750);
  });

  it('maps 5xx to a retryable TransientError carrying the vendor status and body, without retrying', async () => {
    server.faults.failNext(1, { status: 503, body: { errors: 'maintenance' } });
    const error = await failureOf(makeClient().get('/items/1.json'));
    expect(TransientError.isInstance(error)).toBe(true);
    expect((error as TransientError).retryable).toBe(true);
    expect((error as TransientError).vendorStatus).toBe(503);
    expect((error as TransientError).vendorBody).toBe('{"errors":"maintenance"}');
    expect(server.calls).toHaveLength(1);
  });

  it('maps a timeout to TransientError', async () => {
    server.faults.hangNext(1);
    const error = await failureOf(makeClient({ timeoutMs: 100 }).get('/items/1.json'));
    expect(TransientError.isInstance(error)).toBe(true);
    expect((error as TransientError).message).toContain('no answer within 100 ms');
  });

  it('maps a reset connection to TransientError', async () => {
    server.faults.resetNext(1);
    const error = await failureOf(makeClient().get('/items/1.json'));
    expect(TransientError.isInstance(error)).toBe(true);
    expect((error as TransientError).message).toMatch(/network failure|socket hang up|ECONNRESET/);
  });

  it('maps 401 and 403 to a non-retryable AuthenticationError', async () => {
    const client = makeClient();
    const unauthorized = await failureOf(client.get('/unauthorized'));
    const forbidden = await failureOf(client.get('/forbidden'));
    for (const error of [unauthorized, forbidden]) {
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect((error as AuthenticationError).retryable).toBe(false);
    }
    expect((forbidden as AuthenticationError).vendorStatus).toBe(403);
  });

  it('maps other 4xx to RequestRejectedError with status, body and an excerpt in the message', async () => {
    const error = await failureOf(makeClient().put('/levels.json', { body: { available: 'x' } }));
    expect(RequestRejectedError.isInstance(error)).toBe(true);
    const rejected = error as RequestRejectedError;
    expect(rejected.retryable).toBe(false);
    expect(rejected.vendorStatus).toBe(422);
    expect(rejected.vendorBody).toBe('{"errors":{"available":["must be a number"]}}');
    expect(rejected.message).toContain('PUT /levels.json');
    expect(rejected.message).toContain('must be a number');
  });

  it('keeps credentials out of error messages, vendor bodies and the log, even when the vendor echoes them', async () => {
    const entries: HttpLogEntry[] = [];
    const signingKey = 'query-secret-123';
    const client = makeClient({ onLog: (entry) => entries.push(entry), secrets: [signingKey] });
    const error = (await failureOf(
      client.get('/unauthorized', { query: { signature: signingKey }, headers: { authorization: 'Bearer abc.def' } }),
    )) as ConnectorError;
    expect(server.calls[0]?.headers['x-shopify-access-token']).toBe(accessToken);
    const everything = JSON.stringify([error.message, error.vendorBody, entries]);
    for (const secret of [accessToken, signingKey, 'abc.def']) expect(everything).not.toContain(secret);
    expect(error.vendorBody).toContain('unrecognized login: [REDACTED]');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      method: 'GET',
      status: 401,
      url: `${server.url}/admin/unauthorized?signature=[REDACTED]`,
      error: { name: 'AuthenticationError' },
    });
    expect(entries[0]?.requestHeaders['x-shopify-access-token']).toBe('[REDACTED]');
    expect(entries[0]?.requestHeaders.authorization).toBe('[REDACTED]');
    expect(entries[0]?.requestHeaders['user-agent']).toBe('stockwire-test');
  });

  it('passes every answer to the rate-feedback hook, including failures', async () => {
    const feedback: RateFeedback[] = [];
    const client = makeClient({ rateFeedback: (received) => void feedback.push(received) });
    await client.get('/items/1.json', { operation: 'getItem' });
    server.faults.rateLimitNext(1, { retryAfterSeconds: null, headers: { 'x-amzn-RateLimit-Limit': '0.5' } });
    await failureOf(client.get('/items/1.json', { operation: 'getItem' }));
    expect(feedback.map((entry) => [entry.operation, entry.status, entry.headers['x-amzn-ratelimit-limit']])).toEqual([
      ['getItem', 200, '2.0'],
      ['getItem', 429, '0.5'],
    ]);
    expect(feedback[0]?.data).toEqual({ item: { id: 1, query: {} } });
  });

  it('does not fail a call the vendor executed when the feedback hook throws, and logs why', async () => {
    const entries: HttpLogEntry[] = [];
    const client = makeClient({
      onLog: (entry) => entries.push(entry),
      rateFeedback: () => {
        throw new Error('limiter unavailable');
      },
    });
    const response = await client.post('/items.json', { body: { sku: 'A' } });
    expect(response.status).toBe(201);
    expect(entries[0]?.feedbackError).toBe('limiter unavailable');
  });

  it('maps a refused connection to TransientError', async () => {
    const closed = await createSandboxServer({ handle: () => ({}) });
    await closed.close();
    const client = createHttpClient({ baseURL: closed.url });
    const error = await failureOf(client.get('/anything'));
    expect(TransientError.isInstance(error)).toBe(true);
    expect((error as TransientError).message).toContain('ECONNREFUSED');
  });

  it("hands back the caller's own reason when the caller aborts", async () => {
    server.faults.hangNext(1);
    const controller = new AbortController();
    const pending = makeClient().get('/items/1.json', { signal: controller.signal });
    await expect.poll(() => server.calls.length).toBe(1);
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect(await failureOf(pending)).toBe(reason);
  });
});

describe('createHttpClient with an injected adapter', () => {
  it('uses the adapter instead of the network and still sets the request id', async () => {
    const seen: InternalAxiosRequestConfig[] = [];
    const adapter: AxiosAdapter = async (config) => {
      seen.push(config);
      return {
        data: '{"ok":true}',
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'application/json' },
        config,
      };
    };
    const client = createHttpClient({
      baseURL: 'https://vendor.invalid/api',
      adapter,
      createRequestId: () => 'fixed-id',
    });
    const response = await client.get('/health');
    expect(response.data).toEqual({ ok: true });
    expect(response.requestId).toBe('fixed-id');
    expect(seen[0]?.headers.get('x-request-id')).toBe('fixed-id');
    expect(seen[0]?.url).toBe('/health');
  });
});
