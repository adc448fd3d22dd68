import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { conformanceChannel, createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { buildCatalog } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import { netSuiteErrorFromResponse } from './netsuite-errors.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const specs = locateVendorSpecs();
const example = (name: string) =>
  readFileSync(vendorSpecPath(specs.folder ?? '', 'netsuite', 'examples', name), 'utf8');
const json = (name: string) => JSON.parse(example(name)) as Record<string, unknown>;
const connection = 'netsuite-contract';
const configuration = createConformanceConfiguration({
  connection,
  connector: 'netsuite',
  externalLocations: { north: '1', south: '2' },
});
const mapping = createConnectionMapping(buildCatalog(configuration), connection);
const keys = (value: unknown) => Object.keys(value as object).sort();

describe.skipIf(specs.folder === undefined)(
  `every request and sandbox answer against NetSuite's documented shapes${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    let sandbox: NetSuiteSandbox;
    beforeAll(async () => {
      sandbox = await createNetSuiteSandbox({ account: '123456' });
    });
    afterAll(async () => await sandbox?.close());

    it('validates a snapshot, a change poll, an adjustment and refused calls', async () => {
      for (const location of [1, 2]) sandbox.addLocation(location);
      const red = sandbox.addItem('SKU-RED');
      const black = sandbox.addItem('REMOTE-BLACK');
      sandbox.setBalance(red, 1, { onHand: 12, committed: 2 });
      sandbox.setBalance(black, 2, { onHand: 4, inTransit: 1 });
      sandbox.addTransaction({ type: 'ItemRcpt', lines: [{ item: red, location: 1, quantity: 6 }] });
      const connector = createNetSuiteConnector(
        {
          account: '123456',
          baseUrl: sandbox.baseUrl,
          authentication: tokenBased,
          pageSize: 1,
          push: { adjustmentAccount: '58' },
        } as never,
        { mapping, environment: sandboxEnvironment(sandbox) },
      );
      let cursor: string | undefined;
      do cursor = (await connector.snapshot?.read({ cursor }))?.nextCursor;
      while (cursor !== undefined);
      const changes = await connector.changes?.pull({});
      expect(changes?.events).toHaveLength(1);
      const pushed = await connector.push?.push({
        idempotencyKey: 'contract-1',
        items: [
          {
            key: 'k',
            channel: conformanceChannel,
            sku: 'SKU-RED',
            location: 'wh-north',
            quantity: 15,
            status: 'in-stock',
          },
        ],
      });
      expect(pushed?.results[0]).toMatchObject({ outcome: 'written', remoteQuantity: 15 });
      sandbox.storm(7);
      await expect(connector.snapshot?.read({})).rejects.toMatchObject({
        name: 'RateLimitedError',
        retryAfterMs: 7_000,
      });
      sandbox.calm();
      const unsigned = await fetch(`${sandbox.baseUrl}/services/rest/query/v1/suiteql?limit=5&offset=0`, {
        method: 'POST',
        headers: { prefer: 'transient', 'content-type': 'application/json' },
        body: JSON.stringify({ q: 'SELECT id FROM item' }),
      });
      expect(unsigned.status).toBe(401);

      const documentedRequest = example('suiteql-request.http');
      const documentedPage = json('suiteql-response.shortened.json');
      const suiteQl = sandbox.exchanges.filter(
        (exchange) => exchange.request.path === '/services/rest/query/v1/suiteql',
      );
      expect(suiteQl.length).toBeGreaterThanOrEqual(6);
      for (const { request, response } of suiteQl.filter((exchange) => exchange.response.status === undefined)) {
        // The request as Oracle's page writes it: POST …/suiteql?limit=&offset=, Prefer: transient, { q, params }.
        expect(documentedRequest).toContain('Prefer: transient');
        expect(request.headers.prefer).toBe('transient');
        expect(request.headers.authorization).toMatch(/^OAuth realm="123456", /);
        const limit = Number(request.query.limit);
        expect(limit).toBeGreaterThanOrEqual(1);
        expect(limit).toBeLessThanOrEqual(1_000);
        expect(Number(request.query.offset) % limit).toBe(0);
        const body = request.json as { q: unknown; params?: unknown[] };
        expect(keys(body).every((key) => ['q', 'params'].includes(key))).toBe(true);
        expect(typeof body.q).toBe('string');
        expect(body.params?.every((value) => typeof value === 'string')).toBe(true);
        // The answer has the documented page's keys, and rows as NetSuite sends them: strings and `links: []`.
        expect(keys(response.body)).toEqual(
          [...keys(documentedPage), 'links'].filter((key, index, all) => all.indexOf(key) === index).sort(),
        );
        for (const item of (response.body as { items: Array<Record<string, unknown>> }).items) {
          expect(item.links).toEqual([]);
          for (const [name, value] of Object.entries(item)) if (name !== 'links') expect(typeof value).toBe('string');
        }
      }
      const created = sandbox.exchanges.find((exchange) => exchange.request.path.endsWith('/inventoryAdjustment'));
      expect(created?.response.status).toBe(204);
      expect(created?.response.headers?.location).toMatch(/\/services\/rest\/record\/v1\/inventoryAdjustment\/\d+$/);
      expect(created?.request.json).toMatchObject({
        account: { id: '58' },
        adjLocation: { id: '1' },
        inventory: { items: [{ item: { id: String(red) }, location: { id: '1' }, adjustQtyBy: 15 - 18 }] },
      });

      const refused = sandbox.exchanges.filter(
        (exchange) => exchange.response.status === 429 || exchange.response.status === 401,
      );
      for (const { response } of refused) {
        const documented = json(
          response.status === 429 ? 'error-429-concurrency.json' : 'error-401-invalid-login.json',
        );
        expect(keys(response.body)).toEqual(keys(documented));
        const detail = (response.body as { 'o:errorDetails': unknown[] })['o:errorDetails'][0];
        expect(keys(detail)).toEqual(keys((documented['o:errorDetails'] as unknown[])[0]));
      }
      expect(refused.map((exchange) => exchange.response.status).sort()).toEqual([401, 429]);
    });

    it("reads every documented error body into the typed error NetSuite's code means", () => {
      const context = { target: 'POST /services/rest/query/v1/suiteql', connection, defaultPauseMs: 1_000 };
      const read = (name: string, status: number) =>
        netSuiteErrorFromResponse({ status, bodyText: example(name) }, context);
      expect(read('error-429-concurrency.json', 429)).toMatchObject({
        name: 'RateLimitedError',
        retryable: true,
        retryAfterMs: 1_000,
      });
      expect(read('restlet-error-concurrency.json', 400)).toMatchObject({ name: 'RateLimitedError', retryable: true });
      const login = read('error-401-invalid-login.json', 401);
      expect(login).toMatchObject({ name: 'AuthenticationError', retryable: false, connection });
      expect(login.message).toContain(connection);
      expect(read('error-404-nonexistent.json', 404)).toMatchObject({ name: 'RequestRejectedError', retryable: false });
      const invalid = read('error-400-invalid-body.json', 400);
      expect(invalid).toMatchObject({ name: 'RequestRejectedError', retryable: false });
      expect(invalid.message).toContain('INVALID_CONTENT');
    });
  },
);
