import type { DatabaseSync } from 'node:sqlite';
import { type SandboxState, sandboxTimestamp } from './sandbox-state.ts';

export interface SalesOrderLineInput {
  readonly item: number;
  readonly location: number;
  /** Ordered, in the item's base unit (positive, as a user enters it; NetSuite stores it negative). */
  readonly quantity: number;
}

interface StoredLine {
  id: number;
  item: number;
  location: number;
  ordered: number;
  committed: number;
  fulfilled: number;
  isclosed: string;
}

/**
 * Sales orders as NetSuite keeps them: not inventory-affecting, each line committing what the location has
 * available (on hand less committed) when it is entered, `aggregateitemlocation.quantitycommitted` moving with
 * it; a fulfilment is an `ItemShip` created from the order (`transactionline.createdfrom`) that moves on hand,
 * committed and the line's `quantityshiprecv`; closing or cancelling frees what is still committed.
 */
export function createSandboxSalesOrders(db: DatabaseSync, state: SandboxState, now: () => Date) {
  const lines = (order: number): StoredLine[] =>
    (
      db
        .prepare(
          'SELECT id, item, location, quantity, quantitycommitted, quantityshiprecv, isclosed FROM transactionline WHERE "transaction" = ? ORDER BY id',
        )
        .all(order) as Array<Record<string, unknown>>
    ).map((row) => ({
      id: Number(row.id),
      item: Number(row.item),
      location: Number(row.location),
      ordered: -Number(row.quantity),
      committed: Number(row.quantitycommitted ?? 0),
      fulfilled: Number(row.quantityshiprecv ?? 0),
      isclosed: String(row.isclosed ?? 'F'),
    }));
  const moveCommitted = (item: number, location: number, change: number) =>
    state.setBalance(item, location, { committed: state.balance(item, location).committed + change });
  const saveLine = (order: number, line: StoredLine) =>
    db
      .prepare(
        'UPDATE transactionline SET quantitycommitted = ?, quantityshiprecv = ?, isclosed = ? WHERE "transaction" = ? AND id = ?',
      )
      .run(String(line.committed), String(line.fulfilled), line.isclosed, order, line.id);
  const touch = (order: number, status: string) =>
    db
      .prepare('UPDATE "transaction" SET status = ?, lastmodifieddate = ? WHERE id = ?')
      .run(status, sandboxTimestamp(now()), order);
  const end = (order: number, status: 'C' | 'H') => {
    for (const line of lines(order)) {
      moveCommitted(line.item, line.location, -line.committed);
      saveLine(order, { ...line, committed: 0, isclosed: 'T' });
    }
    touch(order, status);
  };

  return {
    /** A sales order pending fulfilment (`B`); each line commits what is available at its location. */
    addSalesOrder(input: { readonly lines: readonly SalesOrderLineInput[] }): number {
      const order = state.addTransaction({
        type: 'SalesOrd',
        status: 'B',
        affectsInventory: false,
        lines: input.lines.map((line) => ({ ...line, quantity: -line.quantity })),
      });
      for (const line of lines(order)) {
        const balance = state.balance(line.item, line.location);
        const committed = Math.max(0, Math.min(line.ordered, balance.onHand - balance.committed));
        moveCommitted(line.item, line.location, committed);
        saveLine(order, { ...line, committed });
      }
      return order;
    },
    /** Fulfils every committed unit of the order (or the given quantity of one line) as an ItemShip. */
    fulfilSalesOrder(order: number, only?: { readonly line: number; readonly quantity: number }): number {
      const shipped = lines(order)
        .filter((line) => only === undefined || line.id === only.line)
        .map((line) => ({ line, quantity: Math.min(line.committed, only?.quantity ?? line.committed) }))
        .filter((entry) => entry.quantity > 0);
      const fulfilment = state.addTransaction({
        type: 'ItemShip',
        createdFrom: order,
        lines: shipped.map(({ line, quantity }) => ({ item: line.item, location: line.location, quantity: -quantity })),
      });
      for (const { line, quantity } of shipped) {
        moveCommitted(line.item, line.location, -quantity);
        saveLine(order, { ...line, committed: line.committed - quantity, fulfilled: line.fulfilled + quantity });
      }
      const done = lines(order).every((line) => line.fulfilled >= line.ordered);
      touch(order, done ? 'F' : 'D');
      return fulfilment;
    },
    /** Closes the order (`H`): what is still committed goes back to available. */
    closeSalesOrder: (order: number) => end(order, 'H'),
    /** Cancels the order (`C`): what is committed goes back to available. */
    cancelSalesOrder: (order: number) => end(order, 'C'),
    salesOrderLines: lines,
  };
}
