import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
  RequestRejectedError,
  type SnapshotPageV2,
  type SnapshotRequestV2,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { shopifyQuantityNameList } from './map-shopify-inventory.ts';
import { toRemoteRecords } from './map-shopify-levels.ts';
import {
  bulkInventoryQuery,
  bulkInventorySnapshotCost,
  bulkInventorySnapshotDocument,
  bulkOperationStatusCost,
  bulkOperationStatusDocument,
} from './shopify-documents.ts';
import { ShopifyBulkOperationPendingError, ShopifyUserErrorSchema } from './shopify-errors.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';
import { shopifyBulkPollIntervalMs } from './shopify-rate-limits.ts';

const StartAnswerSchema = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullish(),
    userErrors: z.array(ShopifyUserErrorSchema),
  }),
});
const StatusAnswerSchema = z.object({
  node: z
    .object({ id: z.string(), status: z.string(), errorCode: z.string().nullish(), url: z.string().nullish() })
    .nullish(),
});

/** `bulk:<operation id>:<items already returned>`: the operation and how far its file has been read. */
const cursorPattern = /^bulk:(gid:\/\/shopify\/BulkOperation\/\d+):(\d+)$/;

export interface BulkSnapshotDependencies {
  readonly graphql: ShopifyGraphql;
  readonly mapping: ConnectionMappingV2;
  /** Inventory items per returned page (the file holds them all). */
  readonly pageSize: number;
  readonly now: () => Date;
  /** Downloads the result file; `fetch` in production. */
  readonly download: (url: string) => Promise<Response>;
}

/**
 * A snapshot through a bulk operation, for catalogs too large to page: the first call starts the operation and
 * returns an empty page whose cursor names it; the next calls read its JSON Lines page by page. While Shopify is
 * still writing the file, ShopifyBulkOperationPendingError says when to ask again (the connector never waits).
 */
export function createShopifyBulkSnapshot(dependencies: BulkSnapshotDependencies) {
  const { graphql, mapping } = dependencies;
  const connection = mapping.connection;
  const files = new Map<string, unknown[]>();

  const start = async (): Promise<SnapshotPageV2> => {
    const data = await graphql.request({
      operation: 'BulkInventorySnapshot',
      document: bulkInventorySnapshotDocument,
      variables: { query: bulkInventoryQuery(shopifyQuantityNameList) },
      estimatedCost: bulkInventorySnapshotCost,
    });
    const answer = parse(StartAnswerSchema, data, 'the BulkInventorySnapshot answer', connection);
    const operation = answer.bulkOperationRunQuery.bulkOperation;
    if (operation === null || operation === undefined) {
      const message = answer.bulkOperationRunQuery.userErrors.map((error) => error.message).join('; ');
      // Shopify runs one bulk query per app and store at a time: another one running is worth a retry.
      throw new TransientError({ connection, target: 'BulkInventorySnapshot', reason: message || 'no operation' });
    }
    return { records: [], failures: [], nextCursor: `bulk:${operation.id}:0` };
  };

  const itemsOf = async (operationId: string): Promise<unknown[]> => {
    const cached = files.get(operationId);
    if (cached !== undefined) return cached;
    const data = await graphql.request({
      operation: 'BulkOperationStatus',
      document: bulkOperationStatusDocument,
      variables: { id: operationId },
      estimatedCost: bulkOperationStatusCost,
    });
    const node = parse(StatusAnswerSchema, data, 'the BulkOperationStatus answer', connection).node;
    const status = node?.status ?? 'MISSING';
    if (status === 'CREATED' || status === 'RUNNING') {
      throw new ShopifyBulkOperationPendingError({
        connection,
        bulkOperation: operationId,
        status,
        retryAfterMs: shopifyBulkPollIntervalMs,
      });
    }
    if (status !== 'COMPLETED') {
      throw new RequestRejectedError({
        connection,
        target: `bulk operation ${operationId}`,
        vendorStatus: 200,
        vendorMessage: `it ended ${status}${node?.errorCode ? ` (${node.errorCode})` : ''}; start a new snapshot`,
      });
    }
    // A completed operation over no objects has no file.
    const items = node?.url ? groupJsonLines(await downloadText(dependencies, node.url, connection)) : [];
    files.set(operationId, items);
    return items;
  };

  return async (request: SnapshotRequestV2): Promise<SnapshotPageV2> => {
    if (request.cursor === undefined) return await start();
    const match = cursorPattern.exec(request.cursor);
    if (match === null) {
      throw new MalformedPayloadError({
        connection,
        what: 'the snapshot cursor',
        path: '$',
        problem: `"${request.cursor}" is not a bulk snapshot cursor; start the snapshot again without one`,
      });
    }
    const [, operationId = '', offsetText = '0'] = match;
    const offset = Number(offsetText);
    const items = await itemsOf(operationId);
    const readAt = dependencies.now().toISOString();
    const records: RemoteInventoryRecordV2[] = [];
    const failures: ItemFailureV2[] = [];
    items.slice(offset, offset + dependencies.pageSize).forEach((raw, index) => {
      const where = `line group ${offset + index} of bulk operation ${operationId}`;
      const read = captureItemFailure(where, () => toRemoteRecords(raw, where, mapping, readAt));
      if ('failure' in read) failures.push(read.failure);
      else {
        records.push(...read.value.records);
        failures.push(...read.value.failures);
      }
    });
    const next = offset + dependencies.pageSize;
    return { records, failures, nextCursor: next < items.length ? `bulk:${operationId}:${next}` : undefined };
  };
}

async function downloadText(dependencies: BulkSnapshotDependencies, url: string, connection: string) {
  let response: Response;
  try {
    response = await dependencies.download(url);
  } catch (error) {
    throw new TransientError({ connection, target: 'the bulk operation file', reason: String(error), cause: error });
  }
  if (!response.ok) {
    throw new TransientError({ connection, target: 'the bulk operation file', reason: `HTTP ${response.status}` });
  }
  return await response.text();
}

/**
 * JSON Lines of a bulk query back into the nested shape of a paged query: each inventory level line names its item
 * in `__parentId`. A line that is not JSON stays in place as text, to fail as that item alone.
 * https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format
 */
export function groupJsonLines(text: string): unknown[] {
  const items: unknown[] = [];
  const byId = new Map<string, { inventoryLevels: { nodes: unknown[] } }>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      items.push(line);
      continue;
    }
    const object = (value ?? {}) as { id?: unknown; __parentId?: unknown };
    if (typeof object.__parentId === 'string') {
      const { __parentId, ...level } = object;
      byId.get(__parentId)?.inventoryLevels.nodes.push(level);
      continue;
    }
    const item = { ...(object as object), inventoryLevels: { nodes: [] as unknown[] } };
    if (typeof object.id === 'string') byId.set(object.id, item);
    items.push(item);
  }
  return items;
}

function parse<Shape>(schema: z.ZodType<Shape>, data: unknown, what: string, connection: string): Shape {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw MalformedPayloadError.fromZodError(what, parsed.error, { connection, vendorBody: data });
}
