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
import { type JsonLinesReader, LineTooLongError, readJsonLines } from './json-lines-reader.ts';
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

/**
 * `bulk-lines:<operation id>:<lines already read>`: the operation and how far its file has been read. Not the
 * `bulk:` of earlier versions, which counted items of a file without each level's SKU: such a cursor is refused,
 * so a runner upgraded mid-run starts the snapshot over instead of misreading it.
 */
const cursorPattern = /^bulk-lines:(gid:\/\/shopify\/BulkOperation\/\d+):(\d+)$/;

/** The longest line a bulk file may hold (one inventory level is under 1 KB): a file without newlines stops here. */
const defaultMaxLineLength = 1_048_576;

export interface BulkSnapshotDependencies {
  readonly graphql: ShopifyGraphql;
  readonly mapping: ConnectionMappingV2;
  /** A page holds at most `pageSize × (levelsPerItem + 1)` lines: as many records as a paged snapshot's page. */
  readonly pageSize: number;
  readonly levelsPerItem: number;
  readonly now: () => Date;
  /** Starts downloading the result file; `fetch` in production. The signal stops it (a timeout, a cursor moved). */
  readonly download: (url: string, signal: AbortSignal) => Promise<Response>;
  /** How long one page of the file (or the answer's headers) may take to arrive before it fails as retryable. */
  readonly readTimeoutMs: number;
  readonly maxLineLength?: number | undefined;
}

/** The one file being read: the next page continues it when its cursor is where this one stopped. */
interface OpenFile {
  readonly operationId: string;
  readonly lines: JsonLinesReader;
  readonly download: AbortController;
  /** Lines of the file consumed: what the cursor counts. */
  consumed: number;
  /** The line read past the last page, to know whether the file goes on: not yet consumed. */
  lookahead: string | undefined;
  idle: NodeJS.Timeout | undefined;
  /** A page is being read from it: another read of the same cursor must not take it. */
  busy: boolean;
}

/** Downloads kept open at once per connector (each holds one chunk and a socket). */
const maxOpenFiles = 4;

/**
 * A snapshot through a bulk operation, for catalogs too large to page: the first call starts the operation and
 * returns an empty page whose cursor names it; the next calls read its JSON Lines page by page, streamed from the
 * download, so what is held is one page and one network chunk, whatever the file's size. While Shopify is still
 * writing the file, ShopifyBulkOperationPendingError says when to ask again (the connector never waits).
 *
 * Each inventory level line names its item and SKU itself (`item { id sku }` in the query): from API 2026-01 Shopify
 * writes bulk results ungrouped (`groupObjects` defaults to false), so a level need not follow its item's line,
 * and a line read alone is a whole record. The cursor counts lines, so a restarted runner downloads the file
 * again, skips what reached the engine and reads the same page again.
 */
export function createShopifyBulkSnapshot(dependencies: BulkSnapshotDependencies) {
  const { graphql, mapping } = dependencies;
  const connection = mapping.connection;
  const pageLines = dependencies.pageSize * (dependencies.levelsPerItem + 1);
  const maxLineLength = dependencies.maxLineLength ?? defaultMaxLineLength;
  // An open file nobody reads on (the run ended early, or failed) lets its download go after this long.
  const idleCloseMs = dependencies.readTimeoutMs * 4;
  // Usually one; a second reader of the same snapshot (a run resumed beside one still going) gets its own download
  // instead of cancelling the other's.
  const openFiles = new Set<OpenFile>();

  const close = async (file: OpenFile | undefined) => {
    if (file === undefined) return;
    openFiles.delete(file);
    clearTimeout(file.idle);
    file.download.abort();
    await file.lines.cancel();
  };

  const start = async (): Promise<SnapshotPageV2> => {
    for (const file of openFiles) await close(file);
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
    return { records: [], failures: [], nextCursor: `bulk-lines:${operation.id}:0` };
  };

  /** The operation's file URL once it is complete; undefined when it completed over no objects (no file). */
  const completedFileUrl = async (operationId: string): Promise<string | undefined> => {
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
    return node?.url ?? undefined;
  };

  /** Downloads the file again and skips the lines already read, a page's worth within each timeout. */
  const openAt = async (operationId: string, url: string, offset: number): Promise<OpenFile> => {
    const download = new AbortController();
    const response = await within(
      download,
      (async () => {
        try {
          return await dependencies.download(url, download.signal);
        } catch (error) {
          throw new TransientError({ connection, target: bulkFile, reason: String(error), cause: error });
        }
      })(),
    );
    if (!response.ok || response.body === null) {
      download.abort();
      throw new TransientError({ connection, target: bulkFile, reason: `HTTP ${response.status}` });
    }
    const file: OpenFile = {
      operationId,
      lines: readJsonLines(response.body, maxLineLength),
      download,
      consumed: 0,
      lookahead: undefined,
      idle: undefined,
      busy: true,
    };
    openFiles.add(file);
    const oldest = openFiles.values().next().value;
    if (openFiles.size > maxOpenFiles && oldest !== undefined) await close(oldest);
    while (file.consumed < offset) {
      const skip = Math.min(pageLines, offset - file.consumed);
      const skipped = await within(
        download,
        readLines(file, skip, () => undefined),
      );
      if (skipped < skip) break;
    }
    return file;
  };

  /** Reads up to `count` lines of the file (the lookahead first), handing each to `take`; returns how many. */
  const readLines = async (file: OpenFile, count: number, take: (line: string, index: number) => void) => {
    let read = 0;
    while (read < count) {
      let line = file.lookahead;
      file.lookahead = undefined;
      if (line === undefined) line = await nextLine(file);
      if (line === undefined) break;
      take(line, file.consumed);
      file.consumed++;
      read++;
    }
    return read;
  };

  const nextLine = async (file: OpenFile): Promise<string | undefined> => {
    try {
      return await file.lines.next();
    } catch (error) {
      await close(file);
      if (error instanceof LineTooLongError) {
        throw new MalformedPayloadError({
          connection,
          what: `line ${file.consumed} of ${bulkFile}`,
          path: '$',
          problem: `${error.message}: not the JSON Lines of an inventory bulk query`,
        });
      }
      throw new TransientError({ connection, target: bulkFile, reason: String(error), cause: error });
    }
  };

  /** Bounds a step of the download by the read timeout: past it, the download stops and the step fails as retryable. */
  const within = async <Value>(download: AbortController, step: Promise<Value>): Promise<Value> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        download.abort();
        reject(
          new TransientError({
            connection,
            target: bulkFile,
            reason: `no page within ${dependencies.readTimeoutMs} ms (requestTimeoutMs)`,
          }),
        );
      }, dependencies.readTimeoutMs);
    });
    try {
      return await Promise.race([step, timeout]);
    } catch (error) {
      for (const file of openFiles) if (file.download === download) await close(file);
      throw error;
    } finally {
      clearTimeout(timer);
    }
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
    let file = [...openFiles].find(
      (candidate) => candidate.operationId === operationId && candidate.consumed === offset && !candidate.busy,
    );
    if (file === undefined) {
      const url = await completedFileUrl(operationId);
      // A completed operation over no objects has no file.
      if (url === undefined) return { records: [], failures: [], nextCursor: undefined };
      file = await openAt(operationId, url, offset);
    }
    clearTimeout(file.idle);
    file.busy = true;
    const readAt = dependencies.now().toISOString();
    const records: RemoteInventoryRecordV2[] = [];
    const failures: ItemFailureV2[] = [];
    const current = file;
    try {
      await within(
        current.download,
        (async () => {
          await readLines(current, pageLines, (line, index) => {
            const where = `line ${index} of bulk operation ${operationId}`;
            const read = captureItemFailure(where, () => recordsOfLine(line, where, mapping, readAt));
            if ('failure' in read) failures.push(read.failure);
            else {
              records.push(...read.value.records);
              failures.push(...read.value.failures);
            }
          });
          current.lookahead = await nextLine(current);
        })(),
      );
    } finally {
      current.busy = false;
    }
    if (current.lookahead === undefined) {
      await close(current);
      return { records, failures, nextCursor: undefined };
    }
    current.idle = setTimeout(() => void close(current), idleCloseMs);
    current.idle.unref();
    return { records, failures, nextCursor: `bulk-lines:${operationId}:${current.consumed}` };
  };
}

const bulkFile = 'the bulk operation file';

/**
 * One line of a bulk inventory query's JSON Lines as records: an inventory level line (it has `__parentId`, and its
 * item and SKU in `item`) is one location of one item; an inventory item line carries no quantities and gives none.
 * A line that is not JSON fails as that line alone.
 * https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format
 */
function recordsOfLine(
  line: string,
  where: string,
  mapping: ConnectionMappingV2,
  readAt: string,
): { records: RemoteInventoryRecordV2[]; failures: ItemFailureV2[] } {
  if (line.trim() === '') return { records: [], failures: [] };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return toRemoteRecords(line, where, mapping, readAt);
  }
  const object = (value ?? {}) as { __parentId?: unknown; item?: { id?: unknown; sku?: unknown } | null };
  if (typeof object.__parentId !== 'string') return { records: [], failures: [] };
  const { __parentId, item, ...level } = object;
  const raw = { id: item?.id ?? __parentId, sku: item?.sku, inventoryLevels: { nodes: [level] } };
  return toRemoteRecords(raw, where, mapping, readAt);
}

function parse<Shape>(schema: z.ZodType<Shape>, data: unknown, what: string, connection: string): Shape {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw MalformedPayloadError.fromZodError(what, parsed.error, { connection, vendorBody: data });
}
