import { MalformedPayloadError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { currentAvailableCost, currentAvailableDocument } from './shopify-documents.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';
import { shopifyMaxPageSize } from './shopify-rate-limits.ts';

const CurrentAvailableSchema = z.object({
  nodes: z.array(
    z
      .object({
        id: z.string().nullish(),
        inventoryLevel: z
          .object({ quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })) })
          .nullish(),
      })
      .nullish(),
  ),
});

interface Level {
  readonly inventoryItemId: string;
  readonly locationId: string;
}

/**
 * What `available` is now for each level, keyed `item@location`; a level Shopify does not stock is absent. One
 * query per location and 250 items, as `nodes` takes at most 250 ids.
 */
export async function readCurrentAvailable(
  graphql: ShopifyGraphql,
  connection: string,
  levels: readonly Level[],
): Promise<{ available: Map<string, number>; requests: number }> {
  const available = new Map<string, number>();
  const byLocation = new Map<string, Level[]>();
  for (const level of levels) byLocation.set(level.locationId, [...(byLocation.get(level.locationId) ?? []), level]);
  let requests = 0;
  for (const [locationId, atLocation] of byLocation) {
    const ids = [...new Set(atLocation.map((level) => level.inventoryItemId))];
    for (let start = 0; start < ids.length; start += shopifyMaxPageSize) {
      const chunk = ids.slice(start, start + shopifyMaxPageSize);
      requests++;
      const data = await graphql.request({
        operation: 'CurrentAvailable',
        document: currentAvailableDocument,
        variables: { ids: chunk, locationId },
        estimatedCost: currentAvailableCost(chunk.length),
      });
      const parsed = CurrentAvailableSchema.safeParse(data);
      if (!parsed.success) {
        throw MalformedPayloadError.fromZodError('the CurrentAvailable answer', parsed.error, {
          connection,
          vendorBody: data,
        });
      }
      for (const node of parsed.data.nodes) {
        const quantity = node?.inventoryLevel?.quantities.find((entry) => entry.name === 'available')?.quantity;
        if (node?.id && quantity !== undefined) available.set(`${node.id}@${locationId}`, quantity);
      }
    }
  }
  return { available, requests };
}
