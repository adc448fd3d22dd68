import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import {
  balancesOfItemsQuery,
  itemBalancesQuery,
  itemsByKeyQuery,
  locationsQuery,
  netSuiteItemKeys,
  salesOrderLinesQuery,
  suiteQlTimestampFormat,
  transactionLinesQuery,
} from '../netsuite-queries.ts';

/**
 * The SuiteQL the sandbox answers: a real SQL engine (node:sqlite) over NetSuite's tables, behind a gate that
 * admits only the query shapes the connector sends. Anything else is refused loudly, so a connector change that
 * sends new SuiteQL fails its tests until the sandbox is taught the shape on purpose (and checked against NOTES.md).
 */
export class UnsupportedQueryError extends Error {
  override name = 'UnsupportedQueryError';
}

const schema = `
CREATE TABLE unitstypeuom (internalid INTEGER PRIMARY KEY, unitstype INTEGER NOT NULL, unitname TEXT NOT NULL,
  conversionrate TEXT NOT NULL, baseunit TEXT NOT NULL);
CREATE TABLE item (id INTEGER PRIMARY KEY, itemid TEXT NOT NULL UNIQUE, itemtype TEXT NOT NULL, isinactive TEXT NOT NULL,
  unitstype INTEGER, stockunit INTEGER REFERENCES unitstypeuom (internalid), upccode TEXT, externalid TEXT UNIQUE,
  matrixtype TEXT, parent INTEGER REFERENCES item (id));
CREATE TABLE location (id INTEGER PRIMARY KEY, name TEXT NOT NULL, isinactive TEXT NOT NULL);
CREATE TABLE aggregateitemlocation (item INTEGER NOT NULL, location INTEGER NOT NULL,
  quantityonhand TEXT, quantityavailable TEXT, quantitycommitted TEXT, quantityonorder TEXT,
  quantityintransit TEXT, quantitybackordered TEXT, lastquantityavailablechange TEXT, PRIMARY KEY (item, location));
CREATE TABLE "transaction" (id INTEGER PRIMARY KEY, type TEXT NOT NULL, tranid TEXT, trandate TEXT NOT NULL,
  createddate TEXT NOT NULL, lastmodifieddate TEXT NOT NULL, externalid TEXT UNIQUE, status TEXT);
CREATE TABLE transactionline (id INTEGER NOT NULL, "transaction" INTEGER NOT NULL, item INTEGER, location INTEGER,
  quantity TEXT, units INTEGER, isinventoryaffecting TEXT NOT NULL, mainline TEXT NOT NULL, createdfrom INTEGER,
  quantitycommitted TEXT, quantityshiprecv TEXT, isclosed TEXT, PRIMARY KEY ("transaction", id));
`;

const placeholderCount = (query: string) => query.split('?').length - 1;

export interface SuiteQlEngine {
  readonly database: DatabaseSync;
  /** Runs an admitted query with its bound parameters; throws UnsupportedQueryError for any other text. */
  run(query: string, params: readonly unknown[]): Array<Record<string, unknown>>;
  close(): void;
}

export function createSuiteQlEngine(): SuiteQlEngine {
  const database = new DatabaseSync(':memory:');
  database.exec(schema);
  // Dates are stored as 'YYYY-MM-DD HH:MM:SS' text, so both functions are identities for the one format used.
  database.function('TO_CHAR', (value, format) => {
    if (value === null) return null;
    if (format === suiteQlTimestampFormat) return String(value);
    if (format === 'YYYY-MM-DD') return String(value).slice(0, 10);
    throw new UnsupportedQueryError(`the sandbox's TO_CHAR knows no format ${String(format)}`);
  });
  database.function('TO_TIMESTAMP', (value, format) => {
    if (format !== suiteQlTimestampFormat || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(value))) {
      throw new UnsupportedQueryError(`TO_TIMESTAMP(${String(value)}, ${String(format)}) is not a valid timestamp`);
    }
    return String(value);
  });
  const admitted = (query: string): boolean => {
    const count = placeholderCount(query);
    if (query === locationsQuery) return true;
    return netSuiteItemKeys.some(
      (itemKey) =>
        query === itemBalancesQuery(itemKey) ||
        query === transactionLinesQuery(itemKey) ||
        query === salesOrderLinesQuery(itemKey) ||
        (count > 1 && query === balancesOfItemsQuery(itemKey, count - 1)) ||
        (count > 0 && query === itemsByKeyQuery(itemKey, count)),
    );
  };
  return {
    database,
    run(query, params) {
      if (!admitted(query)) throw new UnsupportedQueryError(`the sandbox does not know this SuiteQL shape: ${query}`);
      if (params.length !== placeholderCount(query) || !params.every((value) => typeof value === 'string')) {
        throw new UnsupportedQueryError(
          `the query binds ${placeholderCount(query)} parameters as strings; got ${JSON.stringify(params)}`,
        );
      }
      // The SuiteQL text is SQL the engine runs as written; only the reserved word `transaction` needs quoting.
      const sql = query
        .replace(/\b(FROM|JOIN) transaction\b/g, '$1 "transaction"')
        .replace(/tl\.transaction\b/g, 'tl."transaction"')
        .replace(/AS transaction,/g, 'AS "transaction",');
      return database.prepare(sql).all(...(params as SQLInputValue[])) as Array<Record<string, unknown>>;
    },
    close: () => database.close(),
  };
}
