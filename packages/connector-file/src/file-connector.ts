import type {
  ConnectorCapabilitiesV1,
  ConnectorContextV1,
  ConnectorDefinitionV1,
  ConnectorV1,
} from '@stockwire/connector-kit';
import { type FileChangesCursor, FileChangesCursorSchema, pullFileChanges } from './file-changes.ts';
import { FileConfigurationError } from './file-errors.ts';
import { pushFileQuantities } from './file-inventory-push.ts';
import { readFileSnapshot } from './file-inventory-read.ts';
import {
  type FileConnectorSettings,
  type FileConnectorSettingsInput,
  FileConnectorSettingsSchema,
} from './file-settings.ts';
import type { FileTransport } from './transport/file-transport.ts';
import { createFolderTransport } from './transport/folder-transport.ts';
import { createSftpTransport } from './transport/sftp-transport.ts';

export const fileConnectorKind = 'file';

/** What the file connector can do, as data: files have no webhooks and no orders, and no rate limits. */
export function fileConnectorCapabilities(settings: FileConnectorSettings): ConnectorCapabilitiesV1 {
  return {
    snapshot: { mode: 'paged' },
    // A file cannot refuse a write because its value moved meanwhile, so there is no compare-and-set.
    push: { maxBatchSize: settings.maxExportRows, absolute: true, compareAndSet: false },
    changes: { suggestedIntervalSeconds: settings.pollIntervalSeconds },
  };
}

/** The file connector's methods are all present, so callers need no optional calls. */
export type FileConnector = ConnectorV1<FileChangesCursor> &
  Required<Pick<ConnectorV1<FileChangesCursor>, 'readSnapshot' | 'pullChanges' | 'pushQuantities' | 'cursorSchema'>>;

/**
 * The file connector for one connection: reads snapshots and adjustments from inbox/, writes availability
 * exports to outbox/, over a local folder or SFTP. Nothing is opened until the first call.
 */
export function createFileConnector(settings: FileConnectorSettingsInput, context: ConnectorContextV1): FileConnector {
  const connection = context.mapping.connection;
  const parsed = FileConnectorSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FileConfigurationError({
      connection,
      problem: `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      cause: parsed.error,
    });
  }
  const valid = parsed.data;
  const transport = createTransport(valid, connection, context.environment ?? process.env);
  const { mapping } = context;
  return {
    specificationVersion: 'v1',
    connector: fileConnectorKind,
    connection,
    capabilities: fileConnectorCapabilities(valid),
    cursorSchema: FileChangesCursorSchema,
    readSnapshot: (request) => readFileSnapshot({ transport, mapping, pageSize: valid.pageSize }, request),
    pullChanges: (request) => pullFileChanges({ transport, mapping, pageSize: valid.pageSize }, request),
    pushQuantities: (request) => pushFileQuantities({ transport, mapping }, request),
  };
}

function createTransport(
  settings: FileConnectorSettings,
  connection: string,
  environment: NodeJS.ProcessEnv,
): FileTransport {
  const transport = settings.transport;
  return transport.kind === 'folder'
    ? createFolderTransport(transport, connection)
    : createSftpTransport(transport, connection, environment);
}

/** The package's default export: the runner validates settings with the schema, then creates connectors. */
export const fileConnector: ConnectorDefinitionV1<FileConnectorSettings, FileChangesCursor> = {
  specificationVersion: 'v1',
  connector: fileConnectorKind,
  settingsSchema: FileConnectorSettingsSchema,
  create: createFileConnector,
};
