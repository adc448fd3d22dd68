import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import type { ControlNumbers } from './x12-interchange.ts';

/** What one partner was last told, per `[sku, location]` in the connection's names; the base of every delta. */
export interface AdviceState {
  readonly lastFullAt?: string | undefined;
  readonly values: Readonly<Record<string, number>>;
}

/** An outbound 846 waiting for the partner's 997 (matched by AK102 = our GS06). */
export interface OutstandingAdvice {
  readonly group: number;
  readonly interchange: number;
  readonly file: string;
  readonly sentAt: string;
  /** When it was last reported overdue, so the alert repeats once per due period, not on every poll. */
  readonly alertedAt?: string | undefined;
}

/** The reservation in progress per store, so reservations through one store run one after another. */
const reservations = new WeakMap<ConnectorStateStoreV2, Promise<unknown>>();

/** X12 control numbers are at most nine digits: after 999 999 999 they start again at 1. */
const wrap = (number: number) => (number >= 999_999_999 ? 1 : number + 1);

/**
 * The durable state of an EDI connection, in the connection's state store (Redis under the runner): control
 * numbers must increase across restarts and never repeat, and deltas need what each partner was told.
 */
export function createEdiState(store: ConnectorStateStoreV2) {
  const key = (kind: string, partner: string) => `x12:${kind}:${partner}`;
  const reserve = async (partner: string, transactions: number): Promise<ControlNumbers> => {
    const last = await store.get<ControlNumbers>(key('control', partner));
    const next = {
      interchange: wrap(last?.interchange ?? 0),
      group: wrap(last?.group ?? 0),
      transaction: wrap(last?.transaction ?? 0),
    };
    await store.set(key('control', partner), { ...next, transaction: next.transaction + transactions - 1 });
    return next;
  };
  return {
    /**
     * Reserves the next control numbers (one interchange, one group, `transactions` sets) before the document is
     * written: a crash after this wastes numbers, never reuses one.
     */
    async reserveControlNumbers(partner: string, transactions = 1): Promise<ControlNumbers> {
      // Reservations through one store (one runner process) are serialized: a push and a poll of the same
      // connection never read the same last number. The store has no atomic increment, so two processes still can.
      const previous = reservations.get(store) ?? Promise.resolve();
      const reserved = previous.then(() => reserve(partner, transactions));
      reservations.set(
        store,
        reserved.catch(() => undefined),
      );
      return await reserved;
    },
    async advice(partner: string): Promise<AdviceState> {
      return (await store.get<AdviceState>(key('advice', partner))) ?? { values: {} };
    },
    async saveAdvice(partner: string, advice: AdviceState): Promise<void> {
      await store.set(key('advice', partner), advice);
    },
    async outstanding(partner: string): Promise<OutstandingAdvice[]> {
      return (await store.get<OutstandingAdvice[]>(key('outstanding', partner))) ?? [];
    },
    async saveOutstanding(partner: string, outstanding: readonly OutstandingAdvice[]): Promise<void> {
      await store.set(key('outstanding', partner), outstanding);
    },
    /** Whether we already answered this inbound interchange with a 997 (so a re-read does not answer again). */
    async acknowledged(partner: string, interchange: string): Promise<boolean> {
      return (await store.get<boolean>(`${key('acknowledged', partner)}:${interchange}`)) === true;
    },
    async markAcknowledged(partner: string, interchange: string): Promise<void> {
      await store.set(`${key('acknowledged', partner)}:${interchange}`, true);
    },
  };
}

export type EdiState = ReturnType<typeof createEdiState>;

export function adviceKey(sku: string, location: string | undefined): string {
  return JSON.stringify([sku, location ?? '']);
}

export function parseAdviceKey(key: string): { sku: string; location: string | undefined } {
  const [sku, location] = JSON.parse(key) as [string, string];
  return { sku, location: location === '' ? undefined : location };
}
