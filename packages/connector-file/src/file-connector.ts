import {
  type CheckCapabilityV2,
  type ConnectorCapabilityDescriptionV2,
  ConnectorConfigurationError,
  type ConnectorContextV2,
  type ConnectorDefinitionV2,
  type ConnectorV2,
  type ConnectorWithV2,
} from '@stockwire/connector-spec';
import { listingStatuses } from '@stockwire/model';
import { createChangesReader, type FileChangesCursor, FileChangesCursorSchema } from './file-changes.ts';
import { createFileTreeCheck } from './file-check.ts';
import { pushFileQuantities } from './file-inventory-push.ts';
import { createSnapshotReader } from './file-inventory-read.ts';
import {
  type FileConnectorSettings,
  type FileConnectorSettingsInput,
  FileConnectorSettingsSchema,
} from './file-settings.ts';
import { createFileTransport } from './transport/create-file-transport.ts';
import type { FileTransport } from './transport/file-transport.ts';

export const fileConnectorKind = 'file';

/** What the file connector can do, as data: files have no webhooks and no orders, and no rate limits. */
export function fileConnectorCapabilities(settings: FileConnectorSettings) {
  return {
    snapshot: { mode: 'paged' },
    // A file cannot refuse a write because its value moved meanwhile, so there is no compare-and-set.
    // The export carries every listing status in its status column.
    push: { maxBatchSize: settings.maxExportRows, absolute: true, compareAndSet: false, listingStatuses },
    changes: { suggestedIntervalSeconds: settings.pollIntervalSeconds },
  } as const satisfies ConnectorCapabilityDescriptionV2;
}

/** The file connector's methods are all present (its connection check too), so callers need no optional calls. */
export type FileConnector = ConnectorWithV2<'snapshot' | 'push' | 'changes', ConnectorV2<FileChangesCursor, never>> & {
  readonly check: CheckCapabilityV2;
};

/**
 * The file connector for one connection: reads snapshots and adjustments from inbox/, writes availability
 * exports to outbox/, over a local folder or SFTP. Nothing is opened until the first call.
 */
export function createFileConnector(settings: FileConnectorSettingsInput, context: ConnectorContextV2): FileConnector {
  const valid = parseFileSettings(settings, context.mapping.connection);
  const transport = createFileTransport(
    valid.transport,
    context.mapping.connection,
    context.environment ?? process.env,
  );
  return createFileConnectorOver(transport, valid, context);
}

/** Settings checked by the strict schema, or a ConnectorConfigurationError naming the first wrong one. */
function parseFileSettings(settings: FileConnectorSettingsInput, connection: string): FileConnectorSettings {
  const parsed = FileConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConnectorConfigurationError({
    connector: fileConnectorKind,
    connection,
    problem: `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    cause: parsed.error,
  });
}

/**
 * The connector over a given transport: for tests that watch what goes through it (how often a file is read).
 * Not part of the package's public surface.
 */
export function createFileConnectorOver(
  transport: FileTransport,
  settings: FileConnectorSettingsInput,
  context: ConnectorContextV2,
): FileConnector {
  const { mapping } = context;
  const connection = mapping.connection;
  const valid = parseFileSettings(settings, connection);
  const capabilities = fileConnectorCapabilities(valid);
  const dialect = valid.csv;
  const snapshots = createSnapshotReader({ transport, mapping, pageSize: valid.pageSize, dialect });
  const changes = createChangesReader({ transport, mapping, pageSize: valid.pageSize, dialect });
  return {
    specificationVersion: 'v2',
    connector: fileConnectorKind,
    connection,
    snapshot: { ...capabilities.snapshot, read: (request) => snapshots.read(request) },
    push: { ...capabilities.push, push: (request) => pushFileQuantities({ transport, mapping, dialect }, request) },
    changes: {
      ...capabilities.changes,
      cursorSchema: FileChangesCursorSchema,
      pull: (request) => changes.pull(request),
    },
    check: createFileTreeCheck(transport, valid.transport),
    close: async () => {
      await Promise.all([snapshots.close(), changes.close()]);
    },
  };
}

/** The package's default export: the runner validates settings with the schema, then creates connectors. */
export const fileConnector = {
  specificationVersion: 'v2',
  connector: fileConnectorKind,
  settingsSchema: FileConnectorSettingsSchema,
  create: createFileConnector,
} satisfies ConnectorDefinitionV2<FileConnectorSettings, FileChangesCursor, never>;
