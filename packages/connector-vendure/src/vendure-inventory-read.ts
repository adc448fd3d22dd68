import type {
  ConnectionMappingV2,
  ItemFailureV2,
  RemoteInventoryRecordV2,
  SnapshotPageV2,
} from '@stockwire/connector-spec';
import { ConnectorError, MalformedPayloadError } from '@stockwire/connector-spec';
import type { VendureClient } from './vendure-client.ts';
import {
  VariantPageSchema,
  VariantStockSchema,
  type VendureVariantStock,
  variantPageQuery,
} from './vendure-variants.ts';

export interface SnapshotContext {
  readonly client: VendureClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly pageSize: number;
  readonly now: () => Date;
}

/**
 * One page of variants (ordered by id, offset-paged: the Admin API's list options have no cursor) and their
 * levels per stock location. The cursor is the offset of the next page.
 */
export async function readVendureSnapshotPage(
  cursor: string | undefined,
  context: SnapshotContext,
): Promise<SnapshotPageV2> {
  const skip = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isSafeInteger(skip) || skip < 0) {
    throw new MalformedPayloadError({
      connection: context.connection,
      what: 'the snapshot cursor',
      path: '$',
      problem: `"${cursor}" is not a variant offset; restart the snapshot`,
    });
  }
  const answer = await context.client.request(
    'ProductVariantStock',
    variantPageQuery,
    { options: { skip, take: context.pageSize, sort: { id: 'ASC' } } },
    VariantPageSchema,
  );
  const page = answer.productVariants;
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  page.items.forEach((item, index) => {
    const parsed = VariantStockSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      failures.push({
        where: `productVariants.items[${skip + index}]`,
        error: new MalformedPayloadError({
          connection: context.connection,
          what: 'a product variant of the stock snapshot',
          path: `$.items[${index}].${issue?.path.join('.') ?? ''}`,
          problem: issue?.message ?? 'unreadable',
          vendorBody: JSON.stringify(item),
        }),
      });
      return;
    }
    mapVariantLevels(parsed.data, context, records, failures);
  });
  const next = skip + page.items.length;
  return { records, failures, nextCursor: page.items.length > 0 && next < page.totalItems ? String(next) : undefined };
}

/** Canonical records of one variant, one per stock level at a mapped location; unmapped names are item failures. */
export function mapVariantLevels(
  variant: VendureVariantStock,
  context: Pick<SnapshotContext, 'mapping' | 'now'>,
  records: RemoteInventoryRecordV2[],
  failures: ItemFailureV2[],
): void {
  let sku: string;
  try {
    sku = context.mapping.toCanonicalSku(variant.sku);
  } catch (error) {
    if (!ConnectorError.isInstance(error)) throw error;
    failures.push({ where: `variant ${variant.id} (sku ${variant.sku})`, error });
    return;
  }
  const unitsPer = context.mapping.unitsPer(sku);
  for (const level of variant.stockLevels) {
    let location: string;
    try {
      location = context.mapping.toCanonicalLocation(level.stockLocationId);
    } catch (error) {
      if (!ConnectorError.isInstance(error)) throw error;
      failures.push({
        where: `variant ${variant.id} (sku ${variant.sku}) at stock location ${level.stockLocationId}`,
        error,
      });
      continue;
    }
    records.push({
      sku,
      location,
      quantities: {
        onHand: level.stockOnHand * unitsPer,
        committed: level.stockAllocated * unitsPer,
        available: (level.stockOnHand - level.stockAllocated) * unitsPer,
      },
      // The level's own updatedAt is when Vendure last changed it; the receive time only if Vendure sends none.
      observedAt: normaliseTimestamp(level.updatedAt) ?? context.now().toISOString(),
      raw: { variantId: variant.id, ...level },
    });
  }
}

function normaliseTimestamp(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
