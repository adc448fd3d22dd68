import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
  type SnapshotPageV2,
  type SnapshotRequestV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { shopifyQuantityNameList } from './map-shopify-inventory.ts';
import { toRemoteRecords } from './map-shopify-levels.ts';
import { inventorySnapshotPageCost, inventorySnapshotPageDocument } from './shopify-documents.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';

/** The page envelope; each item is read on its own afterwards, so one unreadable item fails alone. */
const SnapshotPageSchema = z.object({
  inventoryItems: z.object({
    nodes: z.array(z.unknown()),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
  }),
});

export interface SnapshotReaderDependencies {
  readonly graphql: ShopifyGraphql;
  readonly mapping: ConnectionMappingV2;
  readonly pageSize: number;
  readonly levelsPerItem: number;
  readonly now: () => Date;
}

/**
 * One page of inventory items with their levels and named quantities. The cursor is Shopify's `endCursor`, passed
 * through untouched so a crashed snapshot resumes at the same page.
 */
export async function readShopifySnapshot(
  dependencies: SnapshotReaderDependencies,
  request: SnapshotRequestV2,
): Promise<SnapshotPageV2> {
  const { graphql, mapping, pageSize, levelsPerItem } = dependencies;
  const data = await graphql.request({
    operation: 'InventorySnapshotPage',
    document: inventorySnapshotPageDocument,
    variables: {
      first: pageSize,
      after: request.cursor ?? null,
      levels: levelsPerItem,
      names: shopifyQuantityNameList,
    },
    estimatedCost: inventorySnapshotPageCost(pageSize, levelsPerItem),
  });
  const page = SnapshotPageSchema.safeParse(data);
  if (!page.success) {
    throw MalformedPayloadError.fromZodError('the InventorySnapshotPage answer', page.error, {
      connection: mapping.connection,
      vendorBody: data,
    });
  }
  const readAt = dependencies.now().toISOString();
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  page.data.inventoryItems.nodes.forEach((raw, index) => {
    const where = `inventoryItems.nodes[${index}] of InventorySnapshotPage`;
    const read = captureItemFailure(where, () => toRemoteRecords(raw, where, mapping, readAt));
    if ('failure' in read) {
      failures.push(read.failure);
      return;
    }
    records.push(...read.value.records);
    failures.push(...read.value.failures);
  });
  const { hasNextPage, endCursor } = page.data.inventoryItems.pageInfo;
  return { records, failures, nextCursor: hasNextPage && endCursor ? endCursor : undefined };
}
