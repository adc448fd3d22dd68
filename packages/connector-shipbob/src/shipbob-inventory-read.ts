import { MalformedPayloadError } from '@stockwire/connector-spec';
import { readLevelPage, type ShipBobLevel } from './map-shipbob-levels.ts';
import { readLotPage, type ShipBobLotDateMeaning } from './map-shipbob-lots.ts';
import type { ShipBobClient } from './shipbob-client.ts';
import { ShipBobLevelPageSchema, ShipBobLotPageSchema } from './shipbob-payloads.ts';
import type { ShipBobConnectorSettings } from './shipbob-settings.ts';

/**
 * Where a page of `GET /{version}/inventory-level/locations` is: the path and query of ShipBob's `next` link.
 * Only the path and query are kept, so the `baseUrl` setting stays the one way the connector reaches ShipBob.
 */
export type LevelPageLink = string;

export function firstLevelPage(settings: ShipBobConnectorSettings): LevelPageLink {
  return `/${settings.apiVersion}/inventory-level/locations?PageSize=${settings.pageSize}`;
}

/** Checks a stored link before it is followed: it must stay on the endpoint and version this connection reads. */
export function isLevelPageLink(link: string, settings: ShipBobConnectorSettings): boolean {
  return link.startsWith(`/${settings.apiVersion}/inventory-level/locations?`);
}

export interface LevelPage {
  readonly levels: ShipBobLevel[];
  readonly failures: ReturnType<typeof readLevelPage>['failures'];
  /** The next page, absent on the last. */
  readonly next: LevelPageLink | undefined;
  /**
   * When ShipBob answered at the latest, by ShipBob's clock (the answer's `Date` header), absent when it sent none
   * or an unreadable one. Levels carry no update time, and receiving orders and shipments are dated by ShipBob's
   * clock: dating levels by ours would let clock skew order a receipt after the level that already holds it,
   * counting it twice.
   */
  readonly answeredAt: string | undefined;
}

/**
 * The last millisecond of the second the answer's `Date` header (RFC 9110 IMF-fixdate, whole seconds) names, as an
 * ISO time, if it has a readable one. The header truncates: an answer sent at 12:00:00.700 says 12:00:00, and a
 * shipment ShipBob stamped 12:00:00.500 — already in the level it answered with — would look newer than the level
 * and be taken off it a second time (20 → 14 for 3 units shipped, for good: the level does not change again, so it
 * is not re-read). Dated by the end of its second, a level is never older than an event it already holds. The
 * opposite error is bounded: an event later in that same second, not yet in the level, reads as covered by it,
 * until the next poll reads the level that holds it (a changed level, so it is sent again) and puts it right.
 */
export function vendorAnswerTime(headers: Readonly<Record<string, string>>): string | undefined {
  const date = headers.date;
  const time = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isFinite(time) ? new Date(Math.floor(time / 1_000) * 1_000 + 999).toISOString() : undefined;
}

export interface ReadLevelsOptions {
  /** Whether the account tracks lots: each level page is then joined with its items' lots (one more call). */
  readonly lots: boolean;
  /** What ShipBob's `lot_date` is on this account: only an expiration date withholds a lot once it has passed. */
  readonly lotDate?: ShipBobLotDateMeaning;
  /** When lots expire, if ShipBob's answer carries no readable `Date`. */
  readonly now: () => Date;
}

/** Reads one page of levels per item × fulfilment centre (with their lots where the account tracks lots). */
export async function readLevels(
  client: ShipBobClient,
  link: LevelPageLink,
  connection: string,
  options: ReadLevelsOptions,
): Promise<LevelPage> {
  const url = new URL(link, 'https://api.shipbob.invalid');
  const response = await client.get({
    operation: 'getInventoryLevelsByLocation',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    responseSchema: ShipBobLevelPageSchema,
  });
  const read = readLevelPage(response.data.items ?? [], connection);
  const answeredAt = vendorAnswerTime(response.headers);
  const { levels, failures } = options.lots
    ? await withLots(client, read, url.pathname, answeredAt ?? options.now().toISOString(), connection, options.lotDate)
    : read;
  const next = response.data.next;
  if (next === null || next === undefined || next === '') return { levels, failures, next: undefined, answeredAt };
  let nextUrl: URL;
  try {
    nextUrl = new URL(next, 'https://api.shipbob.invalid');
  } catch (cause) {
    throw new MalformedPayloadError({
      what: `the inventory levels page of GET ${url.pathname}`,
      path: '$.next',
      problem: `"${next}" is not a URL`,
      connection,
      vendorBody: response.bodyText,
      cause,
    });
  }
  return { levels, failures, next: `${nextUrl.pathname}${nextUrl.search}`, answeredAt };
}

/**
 * Joins a level page with `GET /{version}/inventory-level/lots` for the same items: one call per page, asked for
 * exactly the page's inventory ids with a page size that holds them all, so its cost is bounded by the level page.
 */
async function withLots(
  client: ShipBobClient,
  page: ReturnType<typeof readLevelPage>,
  levelPath: string,
  asOf: string,
  connection: string,
  lotDate: ShipBobLotDateMeaning = 'expiration',
) {
  const inventoryIds = [...new Set(page.levels.map((entry) => entry.item.inventory_id))];
  if (inventoryIds.length === 0) return page;
  const response = await client.get({
    operation: 'getInventoryLevelsByLot',
    path: levelPath.replace(/\/locations$/, '/lots'),
    query: { InventoryIds: inventoryIds.join(','), PageSize: String(inventoryIds.length) },
    responseSchema: ShipBobLotPageSchema,
  });
  const lots = readLotPage(response.data.items ?? [], asOf, connection, lotDate);
  const levels: ShipBobLevel[] = page.levels.map((entry) => {
    const found = lots.byLevel.get(entry.key);
    return found === undefined ? entry : { ...entry, lots: found };
  });
  return { levels, failures: [...page.failures, ...lots.failures] };
}
