import type { ItemFailureV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { ShipBobClient } from './shipbob-client.ts';
import { type ShipBobReceivingOrder, ShipBobReceivingOrderSchema } from './shipbob-payloads.ts';
import type { ShipBobConnectorSettings } from './shipbob-settings.ts';

export interface ReceivingPage {
  readonly orders: ShipBobReceivingOrder[];
  readonly failures: ItemFailureV2[];
  /** ShipBob's `Next-Page` header said there is another page. */
  readonly hasNext: boolean;
}

/** One page of `GET /{version}/receiving`, paged by Page/Limit with the `Next-Page` header. */
export async function readReceivingOrders(
  client: ShipBobClient,
  settings: ShipBobConnectorSettings,
  page: number,
  since: string,
  connection: string,
): Promise<ReceivingPage> {
  const path = `/${settings.apiVersion}/receiving`;
  const response = await client.get({
    operation: 'getReceivingOrders',
    path,
    query: { Page: page, Limit: settings.receivingPageSize, InsertStartDate: since },
    responseSchema: z.array(z.unknown()),
  });
  const orders: ShipBobReceivingOrder[] = [];
  const failures: ItemFailureV2[] = [];
  response.data.forEach((candidate, index) => {
    const parsed = ShipBobReceivingOrderSchema.safeParse(candidate);
    if (parsed.success) orders.push(parsed.data);
    else {
      const where = `receiving order [${index}] of GET ${path} page ${page}`;
      failures.push({
        where,
        error: MalformedPayloadError.fromZodError(`ShipBob ${where}`, parsed.error, {
          connection,
          vendorBody: candidate,
        }),
      });
    }
  });
  const next = response.headers['next-page'];
  return { orders, failures, hasNext: next !== undefined && next.length > 0 };
}
