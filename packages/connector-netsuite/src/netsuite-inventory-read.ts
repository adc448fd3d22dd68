import type { ConnectionMappingV2, SnapshotPageV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { balanceRecords } from './map-netsuite-balances.ts';
import type { NetSuiteClient } from './netsuite-client.ts';
import { itemBalancesQuery, type NetSuiteItemKey } from './netsuite-queries.ts';
import { netSuiteConfigurationError } from './netsuite-settings.ts';

/** `balances:<item>:<location>`: the key of the last row read; the next page starts after it. */
const cursorPattern = /^balances:(\d+):(\d+)$/;

export interface SnapshotContext {
  readonly client: NetSuiteClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly pageSize: number;
  readonly itemKey: NetSuiteItemKey;
  readonly now: () => Date;
}

/** One page of item balances by key range; resumable from the cursor of any page. */
export async function readNetSuiteBalances(
  cursor: string | undefined,
  context: SnapshotContext,
): Promise<SnapshotPageV2> {
  const after = cursor === undefined ? { item: '0', location: '0' } : parseCursor(cursor, context.connection);
  const page = await context.client.suiteQl({
    query: itemBalancesQuery(context.itemKey),
    params: [after.item, after.item, after.location],
    limit: context.pageSize,
  });
  const receivedAt = context.now().toISOString();
  const mapped = balanceRecords(page.items, context.mapping, receivedAt, context.connection, context.itemKey);
  if (!page.hasMore) return { records: mapped.records, failures: mapped.failures };
  const last = lastKey(page.items.at(-1), context.connection);
  return { records: mapped.records, failures: mapped.failures, nextCursor: `balances:${last.item}:${last.location}` };
}

function parseCursor(cursor: string, connection: string) {
  const match = cursorPattern.exec(cursor);
  if (match === null) {
    throw netSuiteConfigurationError(
      connection,
      `the snapshot cursor "${cursor}" is not a NetSuite balances cursor (balances:<item>:<location>); restart the snapshot`,
    );
  }
  return { item: match[1] ?? '0', location: match[2] ?? '0' };
}

/** The last row's key even when the row was otherwise unreadable, so one bad row never stops the paging. */
function lastKey(row: unknown, connection: string): { item: string; location: string } {
  const candidate = (row ?? {}) as { item?: unknown; location?: unknown };
  if (typeof candidate.item === 'string' && /^\d+$/.test(candidate.item)) {
    if (typeof candidate.location === 'string' && /^\d+$/.test(candidate.location)) {
      return { item: candidate.item, location: candidate.location };
    }
  }
  throw new MalformedPayloadError({
    connection,
    what: 'the last row of a SuiteQL page of aggregateitemlocation',
    path: '$.items[-1]',
    problem: 'it has no numeric item and location, so the next page cannot start after it',
    vendorBody: row,
  });
}
