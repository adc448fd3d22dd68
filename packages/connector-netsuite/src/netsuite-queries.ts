/**
 * The SuiteQL the connector sends, one constant each, so the sandbox and the contract test know every shape.
 * Paging is by key range (`item, location` and `lastmodifieddate, transaction, line`) with `offset` 0: SuiteQL
 * returns at most 100 000 rows per query and its offset must be a multiple of the limit, so offset paging cannot
 * walk a large account, and a key range also survives rows added between pages. Parameters are bound (`?`), never
 * spliced into the text. Dates are read and compared through TO_CHAR/TO_TIMESTAMP with one fixed format, because a
 * bare date column comes back in the integration user's display format.
 */

/** The only date-time format the connector uses on the wire (NetSuite's account time zone, see README). */
export const suiteQlTimestampFormat = 'YYYY-MM-DD HH24:MI:SS';

/** Item types that hold stock of their own: kits and item groups carry none (their components do). */
export const stockedItemTypes = ['InvtPart', 'Assembly'] as const;

/**
 * Per item × location balances. `aggregateitemlocation` has every quantity field (including in transit) and is
 * readable for every stocked item type. Params: item, item, location (the key of the last row read; `0` first).
 */
export const itemBalancesQuery = [
  'SELECT ail.item AS item, i.itemid AS itemid, ail.location AS location,',
  'ail.quantityonhand AS quantityonhand, ail.quantityavailable AS quantityavailable,',
  'ail.quantitycommitted AS quantitycommitted, ail.quantityonorder AS quantityonorder,',
  'ail.quantityintransit AS quantityintransit, ail.quantitybackordered AS quantitybackordered,',
  `TO_CHAR(ail.lastquantityavailablechange, '${suiteQlTimestampFormat}') AS lastquantityavailablechange`,
  'FROM aggregateitemlocation ail JOIN item i ON i.id = ail.item',
  `WHERE i.itemtype IN (${stockedItemTypes.map((type) => `'${type}'`).join(', ')}) AND i.isinactive = 'F'`,
  'AND (ail.item > ? OR (ail.item = ? AND ail.location > ?))',
  'ORDER BY ail.item, ail.location',
].join(' ');

/**
 * The item's stock unit and its conversion rate into the base unit, for items with a unit type (no row joins for
 * an item without one). SuiteQL quantities are already in the base unit, but an `inventoryAdjustment` line is
 * written in the item's stock unit, so the push needs the rate (see netsuite-units-of-measure.ts).
 */
const stockUnitColumns = 'u.unitname AS stockunitname, u.conversionrate AS stockunitrate';
const stockUnitJoin = 'LEFT JOIN unitstypeuom u ON u.internalid = i.stockunit AND u.unitstype = i.unitstype';

/**
 * The balances of some items at one location, read in the same push as the adjustment they decide. Params: the
 * location, then the item ids (the text is built for their count: `?` placeholders only).
 */
export function balancesOfItemsQuery(itemCount: number): string {
  return [
    'SELECT ail.item AS item, i.itemid AS itemid, ail.location AS location,',
    `ail.quantityonhand AS quantityonhand, ${stockUnitColumns}`,
    `FROM aggregateitemlocation ail JOIN item i ON i.id = ail.item ${stockUnitJoin}`,
    `WHERE ail.location = ? AND i.itemid IN (${Array.from({ length: itemCount }, () => '?').join(', ')})`,
    'ORDER BY ail.item',
  ].join(' ');
}

/** Item ids by name (SKU), for items that have no balance row at a location yet. Params: the item names. */
export function itemsByNameQuery(itemCount: number): string {
  return [
    `SELECT i.id AS id, i.itemid AS itemid, ${stockUnitColumns} FROM item i ${stockUnitJoin}`,
    `WHERE i.itemid IN (${Array.from({ length: itemCount }, () => '?').join(', ')})`,
    'ORDER BY i.id',
  ].join(' ');
}

/**
 * Inventory-affecting transaction lines changed since a cursor, oldest first, with the transaction and line id
 * as a stable tiebreak for changes in the same second. Params: since, since, transaction, transaction, line.
 */
export const transactionLinesQuery = [
  'SELECT t.id AS transaction, tl.id AS line, t.type AS type, t.tranid AS tranid,',
  "TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate,",
  `TO_CHAR(t.lastmodifieddate, '${suiteQlTimestampFormat}') AS lastmodifieddate,`,
  'tl.item AS item, i.itemid AS itemid, tl.location AS location, tl.quantity AS quantity',
  'FROM transaction t JOIN transactionline tl ON tl.transaction = t.id JOIN item i ON i.id = tl.item',
  "WHERE tl.isinventoryaffecting = 'T' AND tl.mainline = 'F'",
  `AND (t.lastmodifieddate > TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
  `OR (t.lastmodifieddate = TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
  'AND (t.id > ? OR (t.id = ? AND tl.id > ?))))',
  'ORDER BY t.lastmodifieddate, t.id, tl.id',
].join(' ');
