import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping, createMemoryConnectorState } from '@stockwire/connector-kit';
import {
  type ConformanceInputOptions,
  type ConnectorConformanceHarness,
  conformanceUnmappedLocation,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import type { EdiChangesCursor } from '../edi-changes.ts';
import { createEdiX12Connector } from '../edi-connector.ts';
import type { EdiX12ConnectorSettingsInput } from '../edi-settings.ts';
import { outboxAdviceFiles, publishedAdvice } from '../sandbox/outbox-advice.ts';
import {
  inventoryAdvice,
  partnerInterchange,
  stockwireIdentity,
  warehouseAdjustment,
} from '../sandbox/partner-documents.ts';

export interface StartedTransport {
  readonly transport: EdiX12ConnectorSettingsInput['transport'];
  readonly environment?: NodeJS.ProcessEnv;
  /** Over `environment`: secrets the server refuses (absent for a local folder, which has no credentials). */
  readonly wrongCredentials?: NodeJS.ProcessEnv;
  readonly connectionFaults?: { inject(): void; clear(): void };
  /** Present when the transport can stall (accept and never answer), with the connect timeout it was given. */
  readonly hangs?: { readonly requestTimeoutMs: number; inject(): void };
  stop(): Promise<void>;
}

export interface EdiHarnessOptions {
  readonly name: string;
  readonly simulatesConnectionFaults: boolean;
  /** The SFTP connect timeout the transport is started with, declared to the hang check. */
  readonly hangTimeoutMs?: number;
  startTransport(root: string): Promise<StartedTransport>;
}

/** The kit's hang check fields, declared here too so the harness also fits a kit whose type predates them. */
interface HangDeclarations {
  readonly reachesNetwork?: boolean;
  readonly hangs?: { readonly requestTimeoutMs: number; inject(): Promise<void> };
}

const connection = 'edi-conformance';
const partnerId = 'PARTNER3PL';
const configuration = createConformanceConfiguration({ connection, connector: 'edi-x12' });
const catalog = buildCatalog(configuration);

/**
 * The EDI connector's side of the kit's conformance suite. The remote is a partner's tree (inbox/ with its 846s
 * and 947s, outbox/ with our 846s) plus the connection's state store, which holds what the partner was told: it is
 * the remote's memory, so it lives as long as the remote and a reset empties both.
 */
export function ediConformanceHarness(options: EdiHarnessOptions): ConnectorConformanceHarness<EdiChangesCursor> {
  let root: string | undefined;
  let started: StartedTransport | undefined;
  let state: ConnectorStateStoreV2 = createMemoryConnectorState();
  let control = 0;
  const ready = () => {
    if (root === undefined || started === undefined) throw new Error('the harness is used before setUp');
    return { root, started };
  };
  const external = (sku: string) => catalog.externalSku(connection, sku);
  const externalLocation = (location: string) => catalog.externalLocation(connection, location) ?? location;
  const drop = async (text: string, kind: string) => {
    control++;
    await writeFile(join(ready().root, 'inbox', `${kind}-${String(control).padStart(6, '0')}.x12`), text);
  };
  const flawed = (input: ConformanceInputOptions | undefined) => [
    ...(input?.flaws?.includes('unmapped-sku') ? [{ sku: 'NOT-A-SKU', location: 'REMOTE-NORTH' }] : []),
    ...(input?.flaws?.includes('unmapped-location') ? [{ sku: 'REMOTE-BLACK', location: 'REMOTE-NOWHERE' }] : []),
  ];
  const dropAdjustments = async (
    changes: ReadonlyArray<{ sku: string; location: string; change: number | string }>,
  ) => {
    const transactions = changes.map((change) =>
      warehouseAdjustment(change.location, [{ sku: change.sku, change: change.change }]),
    );
    await drop(partnerInterchange(partnerId, control + 1, 'AW', transactions), 'adjust');
  };

  const connectorWith = (environment: NodeJS.ProcessEnv | undefined) => {
    const { started } = ready();
    const settings: EdiX12ConnectorSettingsInput = {
      transport: started.transport,
      identity: stockwireIdentity,
      partners: [{ name: 'conformance-3pl', qualifier: 'ZZ', id: partnerId, channel: 'web' }],
      pageSize: 3,
      maxAdviceLines: 1_000,
    };
    return createEdiX12Connector(settings, {
      mapping: createConnectionMapping(catalog, connection),
      environment,
      state,
    });
  };
  const harness: ConnectorConformanceHarness<EdiChangesCursor> & HangDeclarations = {
    name: options.name,
    capabilities: {
      snapshot: { mode: 'paged' },
      push: { maxBatchSize: 1_000, absolute: true, compareAndSet: false, listingStatuses: [] },
      changes: { suggestedIntervalSeconds: 300 },
      check: { checks: ['transport', 'folders'] },
    },
    configuration,
    connection,
    simulates: { rateLimitStorm: false, connectionFaults: options.simulatesConnectionFaults, malformedPayloads: true },
    inventoryStates: ['onHand', 'damaged'],
    // On a local folder nothing can hang; over SFTP the relay stalls connections (see conformance.test.ts).
    reachesNetwork: options.simulatesConnectionFaults,
    hangs: {
      requestTimeoutMs: options.hangTimeoutMs ?? 2_000,
      async inject() {
        ready().started.hangs?.inject();
      },
    },
    async setUp() {
      root = await mkdtemp(join(tmpdir(), 'stockwire-edi-conformance-'));
      started = await options.startTransport(root);
    },
    async tearDown() {
      await started?.stop();
      if (root !== undefined) await rm(root, { recursive: true, force: true });
    },
    async resetRemote() {
      const { root, started } = ready();
      started.connectionFaults?.clear();
      for (const folder of ['inbox', 'outbox', 'processed', 'rejected']) {
        await rm(join(root, folder), { recursive: true, force: true });
        await mkdir(join(root, folder), { recursive: true });
      }
      state = createMemoryConnectorState();
    },
    createConnector: () => connectorWith(ready().started.environment),
    createConnectorWithWrongCredentials: () =>
      connectorWith({ ...ready().started.environment, ...ready().started.wrongCredentials }),
    async seedRemoteInventory(records, input) {
      const lines = records.map((record) => ({
        sku: external(record.sku),
        location: externalLocation(record.location),
        quantities: { '17': record.quantities.onHand ?? 0, '20': record.quantities.damaged ?? 0 },
      }));
      lines.push(...flawed(input).map((entry) => ({ ...entry, quantities: { '17': 1, '20': 0 } })));
      await drop(partnerInterchange(partnerId, control + 1, 'IB', [inventoryAdvice(lines)]), 'inventory');
    },
    async appendRemoteChanges(changes, input) {
      const rows = changes.map((change) => ({
        sku: external(change.sku),
        location: externalLocation(change.location),
        change: change.change,
      }));
      rows.push(...flawed(input).map((entry) => ({ ...entry, change: 1 })));
      await dropAdjustments(rows);
    },
    async readPublishedQuantities() {
      return (await publishedAdvice(ready().root)).map((line) => ({
        channel: 'web',
        sku: catalog.resolveSku(connection, line.sku) ?? line.sku,
        location: line.location === undefined ? undefined : catalog.resolveLocation(connection, line.location),
        quantity: line.quantity,
      }));
    },
    countRemoteWrites: async () => (await outboxAdviceFiles(ready().root)).length,
    unpushableItem: () => ({
      item: { channel: 'web', sku: 'SKU-RED', location: conformanceUnmappedLocation, quantity: 4, status: 'in-stock' },
      expectedError: 'UnmappedLocationError',
    }),
    async injectConnectionFaults() {
      ready().started.connectionFaults?.inject();
    },
    async clearFaults() {
      ready().started.connectionFaults?.clear();
    },
    async seedMalformedRemoteData(target) {
      if (target === 'snapshot') {
        const lines = [
          { sku: 'REMOTE-BLACK', location: 'REMOTE-NORTH', quantities: { '17': 3 } },
          { sku: 'SKU-RED', location: 'REMOTE-NORTH', quantities: { '17': 'abc' } },
        ];
        await drop(partnerInterchange(partnerId, control + 1, 'IB', [inventoryAdvice(lines)]), 'inventory');
      } else {
        await dropAdjustments([
          { sku: 'SKU-RED', location: 'REMOTE-NORTH', change: 2 },
          { sku: 'SKU-RED', location: 'REMOTE-NORTH', change: 'abc' },
        ]);
      }
    },
  };
  return harness;
}
