/**
 * The SuiteQL the connector sends, one builder each, so the sandbox and the contract test know every shape.
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

/** Which item field names a SKU: the item name (`itemid`), its UPC code, or its external id. */
export const netSuiteItemKeys = ['itemId', 'upcCode', 'externalId'] as const;
export type NetSuiteItemKey = (typeof netSuiteItemKeys)[number];

/** The `item` column each item key reads; the value comes back as `itemkey` beside `itemid` (for messages). */
export const itemKeyColumns: Readonly<Record<NetSuiteItemKey, string>> = {
  itemId: 'i.itemid',
  upcCode: 'i.upccode',
  externalId: 'i.externalid',
};

const itemColumns = (itemKey: NetSuiteItemKey) => `i.itemid AS itemid, ${itemKeyColumns[itemKey]} AS itemkey`;

/**
 * A matrix parent (`item.matrixtype = 'PARENT'`) only groups its children (size × colour): the children are the
 * stocked items, and NetSuite never stocks the parent itself, so it is never read or adjusted as a SKU.
 */
const notMatrixParent = "(i.matrixtype IS NULL OR i.matrixtype <> 'PARENT')";
const stockedItem = `i.itemtype IN (${stockedItemTypes.map((type) => `'${type}'`).join(', ')}) AND ${notMatrixParent}`;

/**
 * Per item × location balances. `aggregateitemlocation` has every quantity field (including in transit) and is
 * readable for every stocked item type. Params: item, item, location (the key of the last row read; `0` first).
 */
export function itemBalancesQuery(itemKey: NetSuiteItemKey): string {
  return [
    `SELECT ail.item AS item, ${itemColumns(itemKey)}, ail.location AS location,`,
    'ail.quantityonhand AS quantityonhand, ail.quantityavailable AS quantityavailable,',
    'ail.quantitycommitted AS quantitycommitted, ail.quantityonorder AS quantityonorder,',
    'ail.quantityintransit AS quantityintransit, ail.quantitybackordered AS quantitybackordered,',
    `TO_CHAR(ail.lastquantityavailablechange, '${suiteQlTimestampFormat}') AS lastquantityavailablechange`,
    'FROM aggregateitemlocation ail JOIN item i ON i.id = ail.item',
    `WHERE ${stockedItem} AND i.isinactive = 'F'`,
    'AND (ail.item > ? OR (ail.item = ? AND ail.location > ?))',
    'ORDER BY ail.item, ail.location',
  ].join(' ');
}

/**
 * The item's stock unit and its conversion rate into the base unit, for items with a unit type (no row joins for
 * an item without one). SuiteQL quantities are already in the base unit, but an `inventoryAdjustment` line is
 * written in the item's stock unit, so the push needs the rate (see netsuite-units-of-measure.ts).
 */
const stockUnitColumns = 'u.unitname AS stockunitname, u.conversionrate AS stockunitrate';
const stockUnitJoin = 'LEFT JOIN unitstypeuom u ON u.internalid = i.stockunit AND u.unitstype = i.unitstype';
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * The balances of some items at one location, read in the same push as the adjustment they decide. Params: the
 * location, then the item keys (the text is built for their count: `?` placeholders only).
 */
export function balancesOfItemsQuery(itemKey: NetSuiteItemKey, itemCount: number): string {
  return [
    `SELECT ail.item AS item, ${itemColumns(itemKey)}, ail.location AS location,`,
    `ail.quantityonhand AS quantityonhand, ${stockUnitColumns}`,
    `FROM aggregateitemlocation ail JOIN item i ON i.id = ail.item ${stockUnitJoin}`,
    `WHERE ail.location = ? AND ${notMatrixParent} AND ${itemKeyColumns[itemKey]} IN (${placeholders(itemCount)})`,
    'ORDER BY ail.item',
  ].join(' ');
}

/**
 * Items by key, for items that have no balance row at a location yet; the matrix type tells a parent (never
 * stocked) from the child a SKU should map to. Params: the item keys.
 */
export function itemsByKeyQuery(itemKey: NetSuiteItemKey, itemCount: number): string {
  return [
    `SELECT i.id AS id, ${itemColumns(itemKey)}, i.matrixtype AS matrixtype, ${stockUnitColumns}`,
    `FROM item i ${stockUnitJoin}`,
    `WHERE ${itemKeyColumns[itemKey]} IN (${placeholders(itemCount)})`,
    'ORDER BY i.id',
  ].join(' ');
}

/**
 * Inventory-affecting transaction lines changed since a cursor, oldest first, with the transaction and line id
 * as a stable tiebreak for changes in the same second. A line's `createdfrom` (SuiteQL has it on the line, not on
 * the transaction) names the order a fulfilment ships, with that order's type and creation time, so a sales order
 * fulfilment can also end the order's reservation. Params: since, since, transaction, transaction, line.
 */
export function transactionLinesQuery(itemKey: NetSuiteItemKey): string {
  return [
    'SELECT t.id AS transaction, tl.id AS line, t.type AS type, t.tranid AS tranid,',
    "TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate,",
    `TO_CHAR(t.lastmodifieddate, '${suiteQlTimestampFormat}') AS lastmodifieddate,`,
    `tl.item AS item, ${itemColumns(itemKey)}, tl.location AS location, tl.quantity AS quantity,`,
    `tl.createdfrom AS createdfrom, source.type AS createdfromtype,`,
    `TO_CHAR(source.createddate, '${suiteQlTimestampFormat}') AS createdfromdate`,
    'FROM transaction t JOIN transactionline tl ON tl.transaction = t.id JOIN item i ON i.id = tl.item',
    'LEFT JOIN transaction source ON source.id = tl.createdfrom',
    "WHERE tl.isinventoryaffecting = 'T' AND tl.mainline = 'F'",
    `AND (t.lastmodifieddate > TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
    `OR (t.lastmodifieddate = TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
    'AND (t.id > ? OR (t.id = ? AND tl.id > ?))))',
    'ORDER BY t.lastmodifieddate, t.id, tl.id',
  ].join(' ');
}

/**
 * Sales order lines changed since a cursor (same key range as the transaction lines), for reservations: ordered,
 * committed and fulfilled quantities (`quantityshiprecv`), whether the line is closed, and the order's status
 * (`C` cancelled, `H` closed). Orders created before `createdAfter` are left to the snapshot's committed total
 * (their hold predates the engine's settle horizon). Params: createdAfter, since, since, transaction, transaction,
 * line.
 */
export function salesOrderLinesQuery(itemKey: NetSuiteItemKey): string {
  return [
    'SELECT t.id AS transaction, tl.id AS line, t.tranid AS tranid, t.status AS status,',
    `TO_CHAR(t.createddate, '${suiteQlTimestampFormat}') AS createddate,`,
    `TO_CHAR(t.lastmodifieddate, '${suiteQlTimestampFormat}') AS lastmodifieddate,`,
    `tl.item AS item, ${itemColumns(itemKey)}, tl.location AS location, tl.quantity AS quantity,`,
    'tl.quantitycommitted AS quantitycommitted, tl.quantityshiprecv AS quantityshiprecv, tl.isclosed AS isclosed',
    'FROM transaction t JOIN transactionline tl ON tl.transaction = t.id JOIN item i ON i.id = tl.item',
    `WHERE t.type = 'SalesOrd' AND tl.mainline = 'F' AND ${stockedItem}`,
    `AND t.createddate >= TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
    `AND (t.lastmodifieddate > TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
    `OR (t.lastmodifieddate = TO_TIMESTAMP(?, '${suiteQlTimestampFormat}')`,
    'AND (t.id > ? OR (t.id = ? AND tl.id > ?))))',
    'ORDER BY t.lastmodifieddate, t.id, tl.id',
  ].join(' ');
}

/**
 * The account's locations by key range, for the connection check (the cheapest SuiteQL that proves the credentials
 * and the role's access, and names every location). Params: the id of the last location read (`0` first).
 */
export const locationsQuery =
  'SELECT l.id AS id, l.isinactive AS isinactive FROM location l WHERE l.id > ? ORDER BY l.id';
