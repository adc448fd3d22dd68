import type { ConnectionMappingV2, SnapshotPageV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { warehouseProductRecords } from './map-shiphero-levels.ts';
import { warehouseProductsDocument } from './shiphero-documents.ts';
import type { ShipHeroGraphql } from './shiphero-graphql.ts';
import { PageSchema } from './shiphero-payloads.ts';
import { estimatedCredits } from './shiphero-rate-limits.ts';
import type { ShipHeroConnectorSettings } from './shiphero-settings.ts';

export interface PageContext {
  readonly graphql: ShipHeroGraphql;
  readonly settings: ShipHeroConnectorSettings;
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly now: () => Date;
}

/** Reads one Relay page of a root field's `data` connection; the page's shape is checked, its nodes are not yet. */
export async function readPage(
  context: PageContext,
  request: {
    operation: 'WarehouseProductsPage' | 'InventoryChangesPage';
    document: string;
    rootField: string;
    first: number;
    variables: Record<string, unknown>;
  },
) {
  const data = await context.graphql.request({
    operation: request.operation,
    document: request.document,
    rootField: request.rootField,
    variables: {
      first: request.first,
      ...request.variables,
      ...(context.settings.customerAccountId === undefined
        ? {}
        : { customerAccountId: context.settings.customerAccountId }),
    },
    estimatedCost: estimatedCredits(request.first),
  });
  const page = PageSchema.safeParse(data[request.rootField]);
  if (!page.success) {
    throw MalformedPayloadError.fromZodError(`the ShipHero ${request.rootField} page`, page.error, {
      connection: context.connection,
      vendorBody: data,
    });
  }
  const { pageInfo, edges } = page.data.data;
  return {
    nodes: edges.map((edge) => edge?.node),
    next: pageInfo.hasNextPage && pageInfo.endCursor != null ? pageInfo.endCursor : undefined,
  };
}

/** One snapshot page: warehouse products of every warehouse, `pageSize` at a time, ShipHero's cursor as ours. */
export async function readWarehouseProducts(cursor: string | undefined, context: PageContext): Promise<SnapshotPageV2> {
  const answeredAt = context.now().toISOString();
  const page = await readPage(context, {
    operation: 'WarehouseProductsPage',
    document: warehouseProductsDocument,
    rootField: 'warehouse_products',
    first: context.settings.pageSize,
    variables: cursor === undefined ? {} : { after: cursor },
  });
  const mapped = warehouseProductRecords(page.nodes, context.mapping, answeredAt, context.connection);
  return { records: mapped.records, failures: mapped.failures, nextCursor: page.next };
}
