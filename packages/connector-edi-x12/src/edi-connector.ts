import { createFileTransport } from '@stockwire/connector-file';
import {
  type ConnectorCapabilityDescriptionV2,
  ConnectorConfigurationError,
  type ConnectorContextV2,
  type ConnectorDefinitionV2,
  type ConnectorV2,
  type ConnectorWithV2,
} from '@stockwire/connector-spec';
import { type EdiChangesCursor, EdiChangesCursorSchema, pullEdiChanges } from './edi-changes.ts';
import { createEdiCheck } from './edi-check.ts';
import { pushAdvice } from './edi-inventory-push.ts';
import {
  type EdiX12ConnectorSettings,
  type EdiX12ConnectorSettingsInput,
  EdiX12ConnectorSettingsSchema,
} from './edi-settings.ts';
import { readAdviceSnapshot } from './edi-snapshot.ts';
import { createEdiState } from './edi-state.ts';

export const ediX12ConnectorKind = 'edi-x12';

/**
 * What the connector can do, as data. An 846 carries one quantity per LIN, so only the quantity is pushed (no
 * listing statuses); a file cannot refuse a stale write, so there is no compare-and-set.
 */
export function ediX12ConnectorCapabilities(settings: EdiX12ConnectorSettings) {
  return {
    snapshot: { mode: 'paged' },
    push: { maxBatchSize: settings.maxAdviceLines, absolute: true, compareAndSet: false, listingStatuses: [] },
    changes: { suggestedIntervalSeconds: settings.pollIntervalSeconds },
  } as const satisfies ConnectorCapabilityDescriptionV2;
}

export type EdiX12Connector = ConnectorWithV2<'snapshot' | 'push' | 'changes', ConnectorV2<EdiChangesCursor, never>>;

/**
 * The EDI X12 connector for one connection: 846 advice out per partner, 846/944/947/997 in, over the file
 * connector's folder or SFTP transport. Control numbers and what each partner was told live in the connection's
 * state store (Redis under the runner), so they survive restarts.
 */
export function createEdiX12Connector(
  settings: EdiX12ConnectorSettingsInput,
  context: ConnectorContextV2,
  /** For tests: the clock that stamps documents and decides when a full advice is due. */
  clock: { now(): Date } = { now: () => new Date() },
): EdiX12Connector {
  const connection = context.mapping.connection;
  const parsed = EdiX12ConnectorSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorConfigurationError({
      connector: ediX12ConnectorKind,
      connection,
      problem: `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      cause: parsed.error,
    });
  }
  if (context.state === undefined) {
    throw new ConnectorConfigurationError({
      connector: ediX12ConnectorKind,
      connection,
      problem:
        'the connector needs a durable state store for control numbers (the runner gives one; pass context.state)',
    });
  }
  const valid = parsed.data;
  const dependencies = {
    transport: createFileTransport(valid.transport, connection, context.environment ?? process.env),
    mapping: context.mapping,
    settings: valid,
    state: createEdiState(context.state),
    now: () => clock.now(),
  };
  const capabilities = ediX12ConnectorCapabilities(valid);
  return {
    specificationVersion: 'v2',
    connector: ediX12ConnectorKind,
    connection,
    snapshot: { ...capabilities.snapshot, read: (request) => readAdviceSnapshot(dependencies, request) },
    push: { ...capabilities.push, push: (request) => pushAdvice(dependencies, request) },
    changes: {
      ...capabilities.changes,
      cursorSchema: EdiChangesCursorSchema,
      pull: (request) => pullEdiChanges(dependencies, request),
    },
    check: createEdiCheck(dependencies.transport, valid),
  };
}

/** The package's default export: the runner validates settings with the schema, then creates connectors. */
export const ediX12Connector = {
  specificationVersion: 'v2',
  connector: ediX12ConnectorKind,
  settingsSchema: EdiX12ConnectorSettingsSchema,
  create: createEdiX12Connector,
} satisfies ConnectorDefinitionV2<EdiX12ConnectorSettings, EdiChangesCursor, never>;
