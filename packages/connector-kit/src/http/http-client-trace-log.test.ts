import type { ConnectorLogLevelV2, ConnectorLogV2, ConnectorV2 } from '@stockwire/connector-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../sandbox/router.ts';
import { createSandboxServer, type SandboxServer } from '../sandbox/sandbox-server.ts';
import { bindConnectorLog } from './connector-log-scope.ts';
import { createHttpClient } from './http-client.ts';

interface LogLine {
  readonly level: ConnectorLogLevelV2;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/** A connector log that keeps its lines, printing from `level` up, as the runner's pino child does. */
function recordingLog(level: ConnectorLogLevelV2 = 'trace'): ConnectorLogV2 & { readonly lines: LogLine[] } {
  const order: readonly ConnectorLogLevelV2[] = ['trace', 'debug', 'info', 'warn', 'error'];
  const lines: LogLine[] = [];
  const at = (lineLevel: ConnectorLogLevelV2) => (fields: Readonly<Record<string, unknown>>, message: string) => {
    if (order.indexOf(lineLevel) >= order.indexOf(level)) lines.push({ level: lineLevel, fields, message });
  };
  return {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: (asked) => order.indexOf(asked) >= order.indexOf(level),
  };
}

// Values no redaction list knows in advance: the token the vendor issues, and one a caller puts in a query string.
const issuedAccessToken = 'at-issued-9f2c41d7e8b5';
const refreshToken = 'rt-long-lived-3a7e55c0';
const queryToken = 'qt-in-the-url-77d1e0';
const bearer = 'bearer-credential-c0ffee42';

describe('trace lines of the HTTP client', () => {
  let server: SandboxServer;

  beforeAll(async () => {
    const router = createRouter()
      .on('POST', '/api/oauth/token', () => ({
        headers: { 'set-cookie': `session=${bearer}; HttpOnly` },
        body: { access_token: issuedAccessToken, token_type: 'Bearer', expires_in: 3600 },
      }))
      .on('GET', '/api/inventory', () => ({ body: { levels: [{ sku: 'TEE-BLUE-M', available: 4 }] } }))
      .on('GET', '/api/echo-denied', (request) => ({
        status: 401,
        body: { error: `unknown credential ${request.headers.authorization}` },
      }));
    server = await createSandboxServer({ handle: router.handle });
  });
  afterAll(async () => await server.close());

  it('writes one trace line per call with method, URL, status and duration, and no secret anywhere', async () => {
    const log = recordingLog();
    const client = createHttpClient({ baseURL: `${server.url}/api`, connection: 'acme-eu', log });

    await client.post('/oauth/token', { body: { grant_type: 'refresh_token', refresh_token: refreshToken } });
    await client.get('/inventory', {
      query: { access_token: queryToken, sku: 'TEE-BLUE-M' },
      headers: { authorization: `Bearer ${bearer}` },
    });
    await client.get('/echo-denied', { headers: { authorization: `Bearer ${bearer}` } }).catch(() => undefined);

    expect(log.lines.map((line) => line.level)).toEqual(['trace', 'trace', 'trace']);
    const [token, inventory, denied] = log.lines.map((line) => line.fields.http as Record<string, unknown>);
    expect(token).toMatchObject({ method: 'POST', url: `${server.url}/api/oauth/token`, status: 200 });
    expect(inventory).toMatchObject({
      method: 'GET',
      url: `${server.url}/api/inventory?access_token=[REDACTED]&sku=TEE-BLUE-M`,
      status: 200,
    });
    expect(denied).toMatchObject({ method: 'GET', status: 401, error: { name: 'AuthenticationError' } });
    for (const entry of [token, inventory, denied]) expect(entry?.durationMs).toBeTypeOf('number');
    expect(log.lines[1]?.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/api\/inventory\?access_token=\[REDACTED\]&sku=TEE-BLUE-M → 200 in \d+ ms$/,
    );

    // What is not secret stays readable: that is what the line is for.
    expect(token?.requestBody).toBe('{"grant_type":"refresh_token","refresh_token":"[REDACTED]"}');
    expect(token?.responseBody).toBe('{"access_token":"[REDACTED]","token_type":"Bearer","expires_in":3600}');
    expect(inventory?.responseBody).toContain('"available":4');
    expect(inventory?.requestHeaders).toMatchObject({ authorization: '[REDACTED]' });
    expect(token?.responseHeaders).toMatchObject({ 'set-cookie': '[REDACTED]' });

    const printed = JSON.stringify(log.lines);
    for (const secret of [issuedAccessToken, refreshToken, queryToken, bearer]) expect(printed).not.toContain(secret);
  });

  it('writes nothing when the level is above trace', async () => {
    const log = recordingLog('info');
    await createHttpClient({ baseURL: `${server.url}/api`, log }).get('/inventory');
    expect(log.lines).toEqual([]);
  });

  it("finds the log the runner bound to the connector when the connector's client was given none", async () => {
    const log = recordingLog();
    const client = createHttpClient({ baseURL: `${server.url}/api` });
    const connector = bindConnectorLog<ConnectorV2>(
      {
        specificationVersion: 'v2',
        connector: 'acme',
        connection: 'acme-eu',
        snapshot: {
          mode: 'paged',
          read: async () => {
            await client.get('/inventory');
            return { records: [], failures: [] };
          },
        },
      },
      log,
    );

    await connector.snapshot?.read({});
    await client.get('/inventory');

    // Only the call made inside the connector's operation is the connector's to log.
    expect(log.lines.map((line) => line.message)).toEqual([expect.stringMatching(/^GET .*\/inventory → 200 in/)]);
  });
});
