import { MalformedPayloadError } from '@stockwire/connector-spec';
import { readLevelPage, type ShipBobLevel } from './map-shipbob-levels.ts';
import type { ShipBobClient } from './shipbob-client.ts';
import { ShipBobLevelPageSchema } from './shipbob-payloads.ts';
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
   * When ShipBob answered, by ShipBob's clock (the answer's `Date` header), absent when it sent none or an
   * unreadable one. Levels carry no update time, and receiving orders are dated by ShipBob's clock: dating levels by
   * ours would let clock skew order a receipt after the level that already holds it, counting it twice.
   */
  readonly answeredAt: string | undefined;
}

/** The answer's `Date` header (RFC 9110 IMF-fixdate) as an ISO time, if it has a readable one. */
export function vendorAnswerTime(headers: Readonly<Record<string, string>>): string | undefined {
  const date = headers.date;
  const time = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/** Reads one page of levels per item × fulfilment centre. */
export async function readLevels(client: ShipBobClient, link: LevelPageLink, connection: string): Promise<LevelPage> {
  const url = new URL(link, 'https://api.shipbob.invalid');
  const response = await client.get({
    operation: 'getInventoryLevelsByLocation',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    responseSchema: ShipBobLevelPageSchema,
  });
  const { levels, failures } = readLevelPage(response.data.items ?? [], connection);
  const next = response.data.next;
  const answeredAt = vendorAnswerTime(response.headers);
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
