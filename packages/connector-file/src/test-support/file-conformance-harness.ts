import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  type ConformanceInputOptions,
  type ConnectorConformanceHarness,
  conformanceUnmappedLocation,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import { buildCatalog, listingStatuses } from '@stockwire/model';
import type { FileChangesCursor } from '../file-changes.ts';
import { createFileConnector } from '../file-connector.ts';
import type { FileConnectorSettingsInput } from '../file-settings.ts';
import type { FileFormat } from '../formats/read-table.ts';
import { createFileSandbox, type FileSandbox } from '../sandbox/file-sandbox.ts';
import {
  type AdjustmentFileRow,
  adjustmentFileText,
  type SnapshotFileRow,
  snapshotFileText,
} from '../sandbox/inventory-files.ts';

/** How the connector reaches the sandbox's folder: directly, or through a server started for the suite. */
export interface StartedTransport {
  readonly transport: FileConnectorSettingsInput['transport'];
  readonly environment?: NodeJS.ProcessEnv;
  /** Over `environment`: secrets the server refuses (absent for a local folder, which has no credentials). */
  readonly wrongCredentials?: NodeJS.ProcessEnv;
  /** Present when the transport can fail on purpose (a relay in front of sshd). */
  readonly connectionFaults?: { inject(): void; clear(): void };
  /** Present when the transport reaches a server: it stops answering, and the connect timeout the transport has. */
  readonly hangs?: { readonly requestTimeoutMs: number; inject(): void };
  stop(): Promise<void>;
}

export interface FileHarnessOptions {
  readonly name: string;
  /** The format the sandbox writes inbox files in. */
  readonly format: FileFormat;
  /** Whether the started transport comes with `connectionFaults` (known before setUp, to register the checks). */
  readonly simulatesConnectionFaults: boolean;
  /** Whether the transport goes over a network (SFTP): then the suite's hang check applies. */
  readonly reachesNetwork: boolean;
  /** With `reachesNetwork`: the connect timeout the started transport is configured with. */
  readonly requestTimeoutMs?: number;
  startTransport(root: string): Promise<StartedTransport>;
}

const connection = 'file-conformance';
const configuration = createConformanceConfiguration({ connection, connector: 'file' });
const catalog = buildCatalog(configuration);
const occurredAt = '2026-11-27T09:30:00Z';

/** The file connector's side of the kit's conformance suite: its sandbox is a folder tree. */
export function fileConformanceHarness(options: FileHarnessOptions): ConnectorConformanceHarness<FileChangesCursor> {
  let root: string | undefined;
  let sandbox: FileSandbox | undefined;
  let started: StartedTransport | undefined;
  let sequence = 0;
  const ready = () => {
    if (sandbox === undefined || started === undefined) throw new Error('the harness is used before setUp');
    return { sandbox, started };
  };
  const external = (sku: string) => catalog.externalSku(connection, sku);
  const externalLocation = (location: string) => catalog.externalLocation(connection, location) ?? location;
  const nextName = (prefix: string) => `${prefix}-${String(++sequence).padStart(6, '0')}.${options.format}`;
  const flawed = (input: ConformanceInputOptions | undefined) => [
    ...(input?.flaws?.includes('unmapped-sku') ? [{ sku: 'NOT-A-SKU', location: 'REMOTE-NORTH' }] : []),
    ...(input?.flaws?.includes('unmapped-location') ? [{ sku: 'REMOTE-BLACK', location: 'REMOTE-NOWHERE' }] : []),
  ];
  const adjustmentRow = (sku: string, location: string, change: number | string): AdjustmentFileRow => ({
    id: `change-${++sequence}`,
    sku,
    location,
    change,
    reason: 'correction',
    occurred_at: occurredAt,
  });

  return {
    name: options.name,
    capabilities: {
      snapshot: { mode: 'paged' },
      push: { maxBatchSize: 1_000, absolute: true, compareAndSet: false, listingStatuses: [...listingStatuses] },
      changes: { suggestedIntervalSeconds: 60 },
      check: { checks: ['transport', 'folders'] },
    },
    configuration,
    connection,
    simulates: { rateLimitStorm: false, connectionFaults: options.simulatesConnectionFaults, malformedPayloads: true },
    inventoryStates: ['onHand', 'committed'],
    // A local folder is reached without a network; over SFTP the server can stop answering.
    reachesNetwork: options.reachesNetwork,
    hangs: options.reachesNetwork
      ? {
          requestTimeoutMs: options.requestTimeoutMs ?? 0,
          inject: async () => ready().started.hangs?.inject(),
        }
      : undefined,
    async setUp() {
      root = await mkdtemp(join(tmpdir(), 'stockwire-file-conformance-'));
      sandbox = createFileSandbox(root);
      await sandbox.layOut();
      started = await options.startTransport(root);
    },
    async tearDown() {
      await started?.stop();
      if (root !== undefined) await rm(root, { recursive: true, force: true });
    },
    async resetRemote() {
      const { sandbox, started } = ready();
      started.connectionFaults?.clear();
      await sandbox.reset();
    },
    createConnector() {
      const { started } = ready();
      const settings = { transport: started.transport, pageSize: 3, maxExportRows: 1_000 };
      return createFileConnector(settings, {
        mapping: createConnectionMapping(catalog, connection),
        environment: started.environment,
      });
    },
    createConnectorWithWrongCredentials() {
      const { started } = ready();
      const settings = { transport: started.transport, pageSize: 3, maxExportRows: 1_000 };
      return createFileConnector(settings, {
        mapping: createConnectionMapping(catalog, connection),
        environment: { ...started.environment, ...started.wrongCredentials },
      });
    },
    async seedRemoteInventory(records, input) {
      const rows: SnapshotFileRow[] = records.map((record) => ({
        sku: external(record.sku),
        location: externalLocation(record.location),
        on_hand: record.quantities.onHand ?? 0,
        committed: record.quantities.committed ?? 0,
      }));
      rows.push(...flawed(input).map((entry) => ({ ...entry, on_hand: 1, committed: 0 })));
      await ready().sandbox.dropInboxFile(nextName('snapshot'), snapshotFileText(rows, options.format));
    },
    async appendRemoteChanges(changes, input) {
      const rows = changes.map((change) =>
        adjustmentRow(external(change.sku), externalLocation(change.location), change.change),
      );
      rows.push(...flawed(input).map((entry) => adjustmentRow(entry.sku, entry.location, 1)));
      await ready().sandbox.dropInboxFile(nextName('adjust'), adjustmentFileText(rows, options.format));
    },
    async readPublishedQuantities() {
      return (await ready().sandbox.publishedAvailability()).map((row) => ({
        channel: row.channel,
        sku: catalog.resolveSku(connection, row.sku),
        location: row.location === '' ? undefined : catalog.resolveLocation(connection, row.location),
        quantity: row.quantity,
      }));
    },
    countRemoteWrites: async () => (await ready().sandbox.readExports()).length,
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
      const { sandbox } = ready();
      if (target === 'snapshot') {
        const rows: SnapshotFileRow[] = [
          { sku: 'REMOTE-BLACK', location: 'REMOTE-NORTH', on_hand: 3 },
          { sku: 'SKU-RED', location: 'REMOTE-NORTH', on_hand: 'abc' },
        ];
        await sandbox.dropInboxFile(nextName('snapshot'), snapshotFileText(rows, options.format));
      } else {
        const rows = [adjustmentRow('SKU-RED', 'REMOTE-NORTH', 2), adjustmentRow('SKU-RED', 'REMOTE-NORTH', 'abc')];
        await sandbox.dropInboxFile(nextName('adjust'), adjustmentFileText(rows, options.format));
      }
    },
  };
}
