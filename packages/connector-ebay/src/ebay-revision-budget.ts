import { ConnectorError, type ConnectorStateStoreV2, hasErrorMarker, markError } from '@stockwire/connector-spec';

const revisionBudgetErrorMarker = Symbol.for('stockwire.connector-ebay.revision-budget');

/** How one listing stands today: what the dashboard shows beside the connection. */
export interface EbayListingRevisions {
  readonly listingId: string;
  readonly used: number;
  readonly remaining: number;
  readonly lastRevisionAt?: string | undefined;
  /** True once changes to this listing are being coalesced (spaced over the rest of the day). */
  readonly coalescing: boolean;
}

export interface EbayRevisionBudgetReport {
  /** eBay's calendar day the counts belong to, `YYYY-MM-DD` in `timeZone`. */
  readonly day: string;
  readonly timeZone: string;
  readonly limitPerListing: number;
  readonly listings: readonly EbayListingRevisions[];
}

export interface RevisionBudgetOptions {
  readonly state: ConnectorStateStoreV2;
  readonly limit: number;
  readonly coalesceAfter: number;
  readonly reservedForSellOut: number;
  readonly timeZone: string;
  readonly now: () => Date;
}

interface Counter {
  used: number;
  lastAt?: number | undefined;
}

export type RevisionDecision =
  | { readonly send: true }
  | { readonly send: false; readonly retryAfterMs: number; readonly reason: string };

/**
 * A change eBay would refuse or that would spend a revision the rest of the day needs more: kept back, retryable, so
 * the engine keeps the SKU dirty and the next push sends whatever the quantity is by then (one revision for all the
 * changes in between).
 */
export class EbayRevisionBudgetError extends ConnectorError {
  readonly listingId: string;
  readonly retryAfterMs: number;
  constructor(options: { connection: string; sku: string; listingId: string; retryAfterMs: number; reason: string }) {
    super({
      connection: options.connection,
      code: 'ebay_revision_budget',
      retryable: true,
      message:
        `held back the quantity of SKU ${options.sku} (eBay listing ${options.listingId}) on connection ` +
        `"${options.connection}": ${options.reason}. The latest quantity is sent in ${Math.ceil(options.retryAfterMs / 1_000)} s; ` +
        'see the connection’s revision budget on the dashboard',
    });
    this.name = 'EbayRevisionBudgetError';
    this.listingId = options.listingId;
    this.retryAfterMs = options.retryAfterMs;
    markError(this, revisionBudgetErrorMarker);
  }

  static override isInstance(value: unknown): value is EbayRevisionBudgetError {
    return hasErrorMarker(value, revisionBudgetErrorMarker);
  }
}

/** `YYYY-MM-DD` of `date` in `timeZone`, and the milliseconds left until that day ends there. */
export function calendarDay(date: Date, timeZone: string): { day: string; msLeft: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const elapsed =
    ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1_000 + date.getMilliseconds();
  return { day: `${parts.year}-${parts.month}-${parts.day}`, msLeft: Math.max(1_000, 86_400_000 - elapsed) };
}

/**
 * Revisions per listing per eBay calendar day, counted in the connection's durable state so every process and every
 * restart sees the same count. Below `coalesceAfter` every change goes out; above it changes are spaced so what is
 * left lasts the day; the last `reservedForSellOut` revisions are kept for a listing selling out (quantity 0), which
 * always goes while any remain. (The counter is read and written without a lock: two processes pushing the same
 * listing in the same instant may each count one revision less than eBay; the limit is set below 250 for that.)
 */
export function createRevisionBudget(options: RevisionBudgetOptions) {
  const { state, limit } = options;
  const counterKey = (day: string, listingId: string) => `revisions:${day}:${listingId}`;
  const indexKey = (day: string) => `revisions:${day}:listings`;

  const read = async (day: string, listingIds: readonly string[]) => {
    const counters = await state.getMany<Counter>(listingIds.map((listingId) => counterKey(day, listingId)));
    return new Map(listingIds.map((listingId, index) => [listingId, counters[index] ?? { used: 0 }]));
  };
  const describe = (listingId: string, counter: Counter): EbayListingRevisions => ({
    listingId,
    used: counter.used,
    remaining: Math.max(0, limit - counter.used),
    ...(counter.lastAt === undefined ? {} : { lastRevisionAt: new Date(counter.lastAt).toISOString() }),
    coalescing: counter.used >= options.coalesceAfter,
  });

  return {
    /** Decides, for each listing about to be revised to `quantity`, whether it goes now. */
    async decide(
      changes: ReadonlyArray<{ listingId: string; quantity: number }>,
    ): Promise<Map<string, RevisionDecision>> {
      const now = options.now();
      const { day, msLeft } = calendarDay(now, options.timeZone);
      const counters = await read(
        day,
        changes.map((change) => change.listingId),
      );
      const decisions = new Map<string, RevisionDecision>();
      for (const { listingId, quantity } of changes) {
        const counter = counters.get(listingId) ?? { used: 0 };
        const remaining = limit - counter.used;
        if (remaining <= 0) {
          decisions.set(listingId, {
            send: false,
            retryAfterMs: msLeft,
            reason: `all ${limit} revisions of today are spent; eBay would refuse more until its next calendar day`,
          });
          continue;
        }
        if (quantity === 0 || counter.used < options.coalesceAfter) {
          decisions.set(listingId, { send: true });
          continue;
        }
        const spendable = remaining - options.reservedForSellOut;
        if (spendable <= 0) {
          decisions.set(listingId, {
            send: false,
            retryAfterMs: msLeft,
            reason: `only ${remaining} revisions are left today, kept for the listing selling out`,
          });
          continue;
        }
        const spacingMs = Math.ceil(msLeft / spendable);
        const sinceLast = counter.lastAt === undefined ? Number.POSITIVE_INFINITY : now.getTime() - counter.lastAt;
        decisions.set(
          listingId,
          sinceLast >= spacingMs
            ? { send: true }
            : {
                send: false,
                retryAfterMs: spacingMs - sinceLast,
                reason: `${counter.used} of ${limit} revisions are used today, so changes are coalesced into one every ${Math.ceil(spacingMs / 1_000)} s`,
              },
        );
      }
      return decisions;
    },
    /** Counts one revision of each listing eBay accepted a change for. */
    async record(listingIds: readonly string[]): Promise<void> {
      if (listingIds.length === 0) return;
      const now = options.now();
      const { day } = calendarDay(now, options.timeZone);
      const counters = await read(day, listingIds);
      const index = new Set((await state.get<string[]>(indexKey(day))) ?? []);
      for (const listingId of listingIds) index.add(listingId);
      await state.setMany([
        ...listingIds.map(
          (listingId) =>
            [
              counterKey(day, listingId),
              { used: (counters.get(listingId)?.used ?? 0) + 1, lastAt: now.getTime() },
            ] as const,
        ),
        [indexKey(day), [...index]] as const,
      ]);
    },
    /** Today's counts of every listing revised today, fullest first: the dashboard's view. */
    async report(): Promise<EbayRevisionBudgetReport> {
      const { day } = calendarDay(options.now(), options.timeZone);
      const listingIds = (await state.get<string[]>(indexKey(day))) ?? [];
      const counters = await read(day, listingIds);
      const listings = listingIds
        .map((listingId) => describe(listingId, counters.get(listingId) ?? { used: 0 }))
        .sort((left, right) => right.used - left.used || left.listingId.localeCompare(right.listingId));
      return { day, timeZone: options.timeZone, limitPerListing: limit, listings };
    },
  };
}
export type RevisionBudget = ReturnType<typeof createRevisionBudget>;
