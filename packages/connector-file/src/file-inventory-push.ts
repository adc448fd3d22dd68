import { createHash } from 'node:crypto';
import {
  type ConnectionMappingV2,
  captureItemFailure,
  PermanentItemError,
  type PushItemResultV2,
  type PushItemV2,
  type PushRequestV2,
  type PushResultV2,
} from '@stockwire/connector-spec';
import { fileTimestamp, folders, lastExportStatePath } from './file-layout.ts';
import type { CsvDialect } from './file-settings.ts';
import { formatCsvRow, standardCsvDialect } from './formats/csv.ts';
import { type ExportedValue, readLastExport } from './last-export-state.ts';
import type { FileTransport } from './transport/file-transport.ts';

export interface PushWriterDependencies {
  readonly transport: FileTransport;
  readonly mapping: ConnectionMappingV2;
  /** The connection's CSV dialect: the receiver reads exports the way it writes its own files. */
  readonly dialect?: CsvDialect;
  readonly now?: () => Date;
}

/** The columns of `outbox/availability-*.csv`. */
export const exportColumns = ['channel', 'sku', 'location', 'quantity', 'status'] as const;

interface ExportRow extends ExportedValue {
  readonly key: string;
  readonly channel: string;
  readonly sku: string;
  readonly location: string;
}

/**
 * Writes the quantities that differ from the last export as `outbox/availability-<timestamp>-<hash>.csv` (absolute
 * values, the connection's names), then records them in the outbox's state file. Values equal to the last export
 * are `unchanged` and written nowhere. The export is written before the state: a crash in between re-exports the
 * same absolute values next time, which is harmless, and never skips one.
 */
export async function pushFileQuantities(
  dependencies: PushWriterDependencies,
  request: PushRequestV2,
): Promise<PushResultV2> {
  const { mapping } = dependencies;
  const dialect = dependencies.dialect ?? standardCsvDialect;
  const results = new Map<string, PushItemResultV2>();
  const rows: ExportRow[] = [];
  for (const item of request.items) {
    const mapped = captureItemFailure(`${item.channel}/${item.sku}`, () => toExportRow(item, mapping, dialect));
    if ('failure' in mapped) results.set(item.key, { key: item.key, outcome: 'failed', error: mapped.failure.error });
    else rows.push(mapped.value);
  }
  if (rows.length === 0) return { results: ordered(request, results), requestsMade: 0 };

  return await dependencies.transport.withSession(async (session) => {
    const state = readLastExport(await session.readText(lastExportStatePath), rows);
    const changed = rows.filter((row) => {
      const last = state.lastValue(row);
      return last === undefined || last.quantity !== row.quantity || last.status !== row.status;
    });
    // A set: `changed.includes` for every row was quadratic in the push's size.
    const written = new Set(changed);
    for (const row of rows) {
      const outcome = written.has(row) ? 'written' : 'unchanged';
      results.set(row.key, { key: row.key, outcome, remoteQuantity: row.quantity });
    }
    if (changed.length > 0) {
      // toExportRow made sure every changed row can be written in the dialect.
      const lines = [
        formatCsvRow(exportColumns, dialect),
        ...changed.map((row) =>
          formatCsvRow(
            exportColumns.map((column) => row[column]),
            dialect,
          ),
        ),
      ];
      const text = `${lines.join('\n')}\n`;
      const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
      const now = dependencies.now?.() ?? new Date();
      await session.writeTextAtomically(`${folders.outbox}/availability-${fileTimestamp(now)}-${hash}.csv`, text);
      for (const row of changed) state.record(row);
      await session.writeTextAtomically(lastExportStatePath, state.serialize());
    }
    return { results: ordered(request, results), requestsMade: session.operations };
  });
}

function toExportRow(item: PushItemV2, mapping: ConnectionMappingV2, dialect: CsvDialect): ExportRow {
  if (!Number.isSafeInteger(item.quantity) || item.quantity < 0) {
    throw new PermanentItemError({
      connection: mapping.connection,
      item: `${item.channel}/${item.sku}`,
      reason: `quantity ${item.quantity} cannot be exported; availability files hold whole numbers of 0 or more`,
    });
  }
  const row: ExportRow = {
    key: item.key,
    channel: item.channel,
    sku: mapping.toExternalSku(item.sku),
    location: item.location === undefined ? '' : mapping.toExternalLocation(item.location),
    quantity: item.quantity,
    status: item.status,
  };
  if (
    formatCsvRow(
      exportColumns.map((column) => row[column]),
      dialect,
    ) === undefined
  ) {
    throw new PermanentItemError({
      connection: mapping.connection,
      item: `${item.channel}/${item.sku}`,
      reason:
        `a value holds the delimiter "${dialect.delimiter}", a line break or edge spaces, which csv.quote: false ` +
        'cannot write; set csv.quote or rename the SKU, channel or location for this connection',
    });
  }
  return row;
}

function ordered(request: PushRequestV2, results: ReadonlyMap<string, PushItemResultV2>): PushItemResultV2[] {
  return request.items.flatMap((item) => results.get(item.key) ?? []);
}
