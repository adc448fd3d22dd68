/**
 * ShipHero's times: `ISODateTime` values without an offset ("2023-02-20T10:01:02") in GraphQL, and
 * "2025-02-03 13:19:30" in webhooks. Neither names a zone; both are read as UTC (what the API's examples suggest),
 * so the same moment from the two feeds compares equal.
 */
export function shipHeroTime(value: string): string | undefined {
  const text = value.trim().replace(' ', 'T');
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** To the second: the webhook's timestamp has no fractions, GraphQL's may. */
export function toTheSecond(isoTime: string): string {
  return `${isoTime.slice(0, 19)}Z`;
}

/** ShipHero's GraphQL id of a warehouse from the legacy numeric id the webhooks carry: base64 of `Warehouse:<id>`. */
export function warehouseUuid(legacyId: number | string): string {
  return Buffer.from(`Warehouse:${legacyId}`, 'utf8').toString('base64');
}
