import type { SuiteQlEngine } from './suiteql-engine.ts';

export interface BalanceInput {
  onHand?: number;
  committed?: number;
  inTransit?: number;
  onOrder?: number;
  backordered?: number;
}

export interface TransactionLineInput {
  readonly item: number;
  readonly location: number;
  /** Signed as NetSuite signs inventory-affecting lines: a fulfilment is negative. In `units` when given. */
  readonly quantity: number | string;
  /**
   * The line's unit (a `unitstypeuom` internal id), as a user enters a line in cases. NetSuite stores the line's
   * quantity converted to the base unit, which is what SuiteQL's `transactionline.quantity` returns.
   */
  readonly units?: number;
}

/** An item's optional fields: its unit type and stock unit (e.g. a case), UPC code, external id, matrix parent. */
export interface ItemOptions {
  readonly unitsType?: number;
  readonly stockUnit?: number;
  readonly upcCode?: string;
  readonly externalId?: string;
  /** The matrix parent's internal id: this item is one of its children (`matrixtype` CHILD). */
  readonly parent?: number;
}

export interface TransactionInput {
  readonly type: string;
  /** The transaction the lines were created from (a fulfilment's sales order), as `transactionline.createdfrom`. */
  readonly createdFrom?: number;
  /** `transaction.status`, e.g. `B` for a sales order pending fulfilment. */
  readonly status?: string;
  readonly lines: readonly TransactionLineInput[];
  /** `YYYY-MM-DD`; default today on the sandbox clock. */
  readonly trandate?: string;
  readonly externalId?: string;
  /** Default true: the lines move on hand, as item receipts, fulfilments and adjustments do. */
  readonly affectsInventory?: boolean;
}

export const sandboxTimestamp = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/** The account's records as NetSuite's tables hold them; every change stamps the sandbox clock. */
export function createSandboxState(engine: SuiteQlEngine, now: () => Date) {
  const db = engine.database;
  let nextItem = 100;
  let nextTransaction = 1_000;
  let nextUom = 1;
  const one = (sql: string, ...params: Array<string | number>) =>
    db.prepare(sql).get(...params) as Record<string, unknown> | undefined;

  const state = {
    reset() {
      db.exec(
        'DELETE FROM item; DELETE FROM unitstypeuom; DELETE FROM location; DELETE FROM aggregateitemlocation; DELETE FROM "transaction"; DELETE FROM transactionline;',
      );
    },
    addLocation(id: number, name = `Location ${id}`) {
      db.prepare('INSERT OR IGNORE INTO location (id, name, isinactive) VALUES (?, ?, ?)').run(id, name, 'F');
    },
    /** Marks a location inactive (or active again), as Setup > Locations does. */
    setLocationInactive(id: number, inactive: boolean) {
      db.prepare('UPDATE location SET isinactive = ? WHERE id = ?').run(inactive ? 'T' : 'F', id);
    },
    /**
     * A unit type with its units (`unitstypeuom` lines): name to conversion rate into the base unit, the base
     * unit being the one at rate 1. Answers each unit's internal id by name.
     */
    addUnitsType(unitsType: number, rates: Readonly<Record<string, number>>): Record<string, number> {
      const ids: Record<string, number> = {};
      for (const [unitname, rate] of Object.entries(rates)) {
        const id = nextUom++;
        db.prepare(
          'INSERT INTO unitstypeuom (internalid, unitstype, unitname, conversionrate, baseunit) VALUES (?, ?, ?, ?, ?)',
        ).run(id, unitsType, unitname, String(rate), rate === 1 ? 'T' : 'F');
        ids[unitname] = id;
      }
      return ids;
    },
    /** An item; with a unit type, one whose stock unit (e.g. a case) is the unit it is kept in. */
    addItem(itemid: string, itemtype = 'InvtPart', options: ItemOptions = {}): number {
      const id = nextItem++;
      db.prepare(
        `INSERT INTO item (id, itemid, itemtype, isinactive, unitstype, stockunit, upccode, externalid, matrixtype, parent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        itemid,
        itemtype,
        'F',
        options.unitsType ?? null,
        options.stockUnit ?? null,
        options.upcCode ?? null,
        options.externalId ?? null,
        options.parent === undefined ? null : 'CHILD',
        options.parent ?? null,
      );
      return id;
    },
    /** A matrix parent item (size × colour): it groups child items and is never stocked itself. */
    addMatrixParent(itemid: string): number {
      const id = state.addItem(itemid);
      db.prepare("UPDATE item SET matrixtype = 'PARENT' WHERE id = ?").run(id);
      return id;
    },
    /** The item's stock unit (a `unitstypeuom` internal id), if it has a unit type. */
    stockUnit(item: number): number | undefined {
      const row = one('SELECT stockunit FROM item WHERE id = ?', item);
      return row?.stockunit == null ? undefined : Number(row.stockunit);
    },
    conversionRate(uom: number | undefined): number {
      if (uom === undefined) return 1;
      const row = one('SELECT conversionrate FROM unitstypeuom WHERE internalid = ?', uom);
      if (row === undefined) throw new Error(`the sandbox has no unit ${uom}`);
      return Number(row.conversionrate);
    },
    itemName(id: number): string | undefined {
      const row = one('SELECT itemid FROM item WHERE id = ?', id);
      return row === undefined ? undefined : String(row.itemid);
    },
    findItem(itemid: string): number | undefined {
      const row = one('SELECT id FROM item WHERE itemid = ?', itemid);
      return row === undefined ? undefined : Number(row.id);
    },
    /** Sets a balance; available follows as on hand less committed, as NetSuite derives it. */
    setBalance(item: number, location: number, input: BalanceInput) {
      const current = state.balance(item, location);
      const next = { ...current, ...input };
      const available = Math.max(0, (next.onHand ?? 0) - (next.committed ?? 0));
      db.prepare(
        `INSERT OR REPLACE INTO aggregateitemlocation (item, location, quantityonhand, quantityavailable, quantitycommitted,
         quantityonorder, quantityintransit, quantitybackordered, lastquantityavailablechange) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        item,
        location,
        String(next.onHand ?? 0),
        String(available),
        String(next.committed ?? 0),
        String(next.onOrder ?? 0),
        String(next.inTransit ?? 0),
        String(next.backordered ?? 0),
        sandboxTimestamp(now()),
      );
    },
    balance(item: number, location: number): Required<BalanceInput> {
      const row = one('SELECT * FROM aggregateitemlocation WHERE item = ? AND location = ?', item, location);
      return {
        onHand: Number(row?.quantityonhand ?? 0),
        committed: Number(row?.quantitycommitted ?? 0),
        inTransit: Number(row?.quantityintransit ?? 0),
        onOrder: Number(row?.quantityonorder ?? 0),
        backordered: Number(row?.quantitybackordered ?? 0),
      };
    },
    /** Stores a value no NetSuite number looks like, for malformed-payload tests. */
    corruptBalance(item: number, location: number) {
      db.prepare('UPDATE aggregateitemlocation SET quantityonhand = ? WHERE item = ? AND location = ?').run(
        'lots',
        item,
        location,
      );
    },
    /** Records a transaction with its lines (as it arrives in NetSuite) and moves the balances it affects. */
    addTransaction(input: TransactionInput): number {
      const id = nextTransaction++;
      const stamp = now();
      db.prepare(
        `INSERT INTO "transaction" (id, type, tranid, trandate, createddate, lastmodifieddate, externalid, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        input.type,
        `${input.type.toUpperCase()}${id}`,
        input.trandate ?? stamp.toISOString().slice(0, 10),
        sandboxTimestamp(stamp),
        sandboxTimestamp(stamp),
        input.externalId ?? null,
        input.status ?? null,
      );
      const affects = input.affectsInventory ?? true;
      input.lines.forEach((line, index) => {
        const entered = Number(line.quantity);
        // Stored in the base unit, as NetSuite stores it; a value that is no number is kept as entered.
        const stored = Number.isFinite(entered)
          ? String(entered * state.conversionRate(line.units))
          : String(line.quantity);
        db.prepare(
          `INSERT INTO transactionline (id, "transaction", item, location, quantity, units, isinventoryaffecting, mainline,
           createdfrom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          index + 1,
          id,
          line.item,
          line.location,
          stored,
          line.units ?? null,
          affects ? 'T' : 'F',
          'F',
          input.createdFrom ?? null,
        );
        const change = Number(stored);
        if (affects && Number.isFinite(change)) {
          state.setBalance(line.item, line.location, {
            onHand: state.balance(line.item, line.location).onHand + change,
          });
        }
      });
      return id;
    },
    findTransactionByExternalId(externalId: string): number | undefined {
      const row = one('SELECT id FROM "transaction" WHERE externalid = ?', externalId);
      return row === undefined ? undefined : Number(row.id);
    },
    countTransactions(type: string): number {
      return Number(one('SELECT COUNT(*) AS count FROM "transaction" WHERE type = ?', type)?.count ?? 0);
    },
  };
  return state;
}

export type SandboxState = ReturnType<typeof createSandboxState>;
