import { generateKeyPairSync } from 'node:crypto';
import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  type ConnectorConformanceHarness,
  conformanceChannel,
  conformanceUnmappedLocation,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import { describeCapabilities } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { createNetSuiteConnector } from '../netsuite-connector.ts';
import type { NetSuiteConnectorSettingsInput } from '../netsuite-settings.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from '../sandbox/index.ts';

const north = 1;
const south = 2;
const unmappedLocation = 99;

/** Environment variables holding the sandbox's credentials, as a runner's environment would. */
export function sandboxEnvironment(sandbox: NetSuiteSandbox | undefined): NodeJS.ProcessEnv {
  return {
    NETSUITE_CONSUMER_KEY: sandbox?.tba.consumerKey,
    NETSUITE_CONSUMER_SECRET: sandbox?.tba.consumerSecret,
    NETSUITE_TOKEN_ID: sandbox?.tba.tokenId,
    NETSUITE_TOKEN_SECRET: sandbox?.tba.tokenSecret,
    NETSUITE_CLIENT_ID: sandbox?.m2m.clientId,
    NETSUITE_PRIVATE_KEY: sandbox?.m2m.privateKeyPem,
  };
}

export const tokenBased = {
  kind: 'token-based',
  consumerKey: { env: 'NETSUITE_CONSUMER_KEY' },
  consumerSecret: { env: 'NETSUITE_CONSUMER_SECRET' },
  tokenId: { env: 'NETSUITE_TOKEN_ID' },
  tokenSecret: { env: 'NETSUITE_TOKEN_SECRET' },
} as const;

export function machineToMachine(sandbox: NetSuiteSandbox) {
  return {
    kind: 'oauth2-m2m',
    clientId: { env: 'NETSUITE_CLIENT_ID' },
    certificateId: sandbox.m2m.certificateId,
    privateKey: { env: 'NETSUITE_PRIVATE_KEY' },
    tokenUrl: `${sandbox.baseUrl}${sandbox.tokenPath}`,
  } as const;
}

/** The conformance harness over the NetSuite sandbox, with push configured, under one authentication kind. */
export function netSuiteConformanceHarness(authentication: 'token-based' | 'oauth2-m2m'): ConnectorConformanceHarness {
  const connection = `netsuite-conformance-${authentication}`;
  const configuration = createConformanceConfiguration({
    connection,
    connector: 'netsuite',
    externalLocations: { north: String(north), south: String(south) },
  });
  const mapping = createConnectionMapping(buildCatalog(configuration), connection);
  let sandbox: NetSuiteSandbox | undefined;
  const remote = () => {
    if (sandbox === undefined) throw new Error('the sandbox is not started');
    return sandbox;
  };
  const location = (canonical: string) => Number(mapping.toExternalLocation(canonical));
  const itemFor = (sku: string) => {
    const name = mapping.toExternalSku(sku);
    return remote().findItem(name) ?? remote().addItem(name);
  };
  const addFlaws = (flaws: readonly string[] = [], asTransactions = false) => {
    const add = (item: number, at: number) =>
      asTransactions
        ? remote().addTransaction({ type: 'ItemRcpt', lines: [{ item, location: at, quantity: 4 }] })
        : remote().setBalance(item, at, { onHand: 4 });
    if (flaws.includes('unmapped-sku'))
      add(remote().findItem('UNMAPPED-SKU') ?? remote().addItem('UNMAPPED-SKU'), north);
    if (flaws.includes('unmapped-location')) add(itemFor('SKU-RED'), unmappedLocation);
  };
  // A short request timeout, so the hang check waits little; the sandbox's hangs last until clearFaults.
  const hangs = { requestTimeoutMs: 1_000, inject: async () => remote().faults.hangNext(10_000) };
  const settings = (baseUrl: string): NetSuiteConnectorSettingsInput => ({
    account: sandbox?.account ?? '1234567_SB1',
    baseUrl,
    authentication: authentication === 'token-based' || sandbox === undefined ? tokenBased : machineToMachine(sandbox),
    pageSize: 3,
    changesPageSize: 50,
    push: { adjustmentAccount: '58' },
    // The orders feed too, so the suite's fault checks (hangs, resets, storms) cover its SuiteQL as well.
    reservations: {},
    requestTimeoutMs: hangs.requestTimeoutMs,
  });
  const connector = (baseUrl = remote().baseUrl, environment = sandboxEnvironment(sandbox)) =>
    createNetSuiteConnector(settings(baseUrl) as never, { mapping, environment });
  // A token secret the account never issued (TBA), or a private key the certificate does not match (M2M).
  const wrongCredentials = () => ({
    ...sandboxEnvironment(sandbox),
    NETSUITE_TOKEN_SECRET: 'not-the-token-secret',
    NETSUITE_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  });

  return {
    name: `NetSuite connector (${authentication}) over its sandbox`,
    capabilities: describeCapabilities(connector('http://127.0.0.1:9')),
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, malformedPayloads: true },
    inventoryStates: ['onHand', 'committed', 'inTransit'],
    async setUp() {
      sandbox = await createNetSuiteSandbox();
    },
    async tearDown() {
      await sandbox?.close();
    },
    async resetRemote() {
      remote().reset();
      remote().calm();
      remote().faults.clear();
      for (const id of [north, south, unmappedLocation]) remote().addLocation(id);
      // An ERP holds its item master before any stock moves: every configured SKU exists as an item.
      for (const sku of configuration.skus) itemFor(sku.id);
    },
    createConnector: () => connector(),
    createConnectorWithWrongCredentials: () => connector(remote().baseUrl, wrongCredentials()),
    async seedRemoteInventory(records, options) {
      for (const record of records) {
        remote().setBalance(itemFor(record.sku), location(record.location), {
          onHand: record.quantities.onHand ?? 0,
          committed: record.quantities.committed ?? 0,
          inTransit: record.quantities.inTransit ?? 0,
        });
      }
      addFlaws(options?.flaws);
    },
    async appendRemoteChanges(changes, options) {
      for (const change of changes) {
        remote().addTransaction({
          type: 'InvAdjst',
          lines: [{ item: itemFor(change.sku), location: location(change.location), quantity: change.change }],
        });
      }
      addFlaws(options?.flaws, true);
    },
    async readPublishedQuantities() {
      const published = [];
      for (const sku of configuration.skus.map((entry) => entry.id)) {
        const item = remote().findItem(mapping.toExternalSku(sku));
        if (item === undefined) continue;
        const at = location('wh-north');
        const { onHand } = remote().balance(item, at);
        if (onHand !== 0) published.push({ channel: conformanceChannel, sku, location: 'wh-north', quantity: onHand });
      }
      return published;
    },
    async countRemoteWrites() {
      return remote().countTransactions('InvAdjst');
    },
    unpushableItem: () => ({
      item: {
        channel: conformanceChannel,
        sku: 'SKU-RED',
        location: conformanceUnmappedLocation,
        quantity: 3,
        status: 'in-stock',
      },
      expectedError: 'UnmappedLocationError',
    }),
    async injectRateLimitStorm({ retryAfterMs }) {
      remote().storm(Math.max(1, Math.ceil(retryAfterMs / 1_000)));
    },
    hangs,
    async injectConnectionFaults() {
      remote().faults.resetNext(1_000);
    },
    async clearFaults() {
      remote().calm();
      remote().faults.clear();
    },
    async seedMalformedRemoteData(target) {
      const item = itemFor('SKU-GREEN');
      if (target === 'snapshot') {
        remote().setBalance(item, north, { onHand: 3 });
        remote().corruptBalance(item, north);
      } else {
        remote().addTransaction({ type: 'InvAdjst', lines: [{ item, location: north, quantity: 'twelve' }] });
      }
    },
  };
}
