import type { Cluster, Redis } from 'ioredis';
import type { JobRequest } from '../runtime/job-requests.ts';

/**
 * - `event-rejected`: the engine refused a canonical event (invalid, unknown SKU or location, not the authority).
 * - `item-failure`: a connector could not read or translate one item (an unmapped SKU, a rejected file).
 * - `push-item-failed`: the remote refused one channel quantity for good.
 * - `webhook-malformed`: a verified webhook whose body cannot be read.
 * - `job-failed`: a job that failed for good (a non-retryable error, or every retry used up).
 */
export type DeadLetterKind =
  | 'event-rejected'
  | 'item-failure'
  | 'push-item-failed'
  | 'webhook-malformed'
  | 'job-failed';

export interface DeadLetterError {
  readonly name: string;
  readonly code?: string | undefined;
  readonly retryable?: boolean | undefined;
}

export interface DeadLetterInput {
  readonly kind: DeadLetterKind;
  readonly connection?: string | undefined;
  /** What happened and what to do, as a human reads it. */
  readonly reason: string;
  readonly error?: DeadLetterError | undefined;
  /** What failed: the event, the item, the webhook. */
  readonly payload?: unknown;
  /** The job that re-drives it; absent when the fix is at the source (resend the file, fix the vendor data). */
  readonly replay?: JobRequest | undefined;
}

export interface DeadLetter extends DeadLetterInput {
  /** The stream entry id: also when it was added, and the order of entries. */
  readonly id: string;
  readonly at: string;
}

export interface DeadLetterStore {
  add(letter: DeadLetterInput): Promise<string>;
  /** Newest first; `before` pages backwards from an id. */
  list(options?: { limit?: number; before?: string }): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  remove(id: string): Promise<boolean>;
  count(): Promise<number>;
  /** Entries still waiting that were added at or after this moment (epoch ms; ids carry Redis' clock). */
  countSince(epochMs: number): Promise<number>;
}

/** Keeps the newest entries when a flood of failures would otherwise fill Redis (which must never evict). */
const maximumEntries = 100_000;

/** Dead letters in one Redis stream: ordered, paged by id, trimmed to a bound, readable with redis-cli. */
export function createDeadLetterStore(
  redis: Redis | Cluster,
  key: string,
  now: () => Date = () => new Date(),
): DeadLetterStore {
  const parse = (id: string, fields: string[]): DeadLetter => {
    const index = fields.indexOf('letter');
    const letter = JSON.parse(fields[index + 1] ?? '{}') as Omit<DeadLetter, 'id'>;
    return { ...letter, id };
  };
  return {
    async add(letter) {
      const entry = JSON.stringify({ ...letter, at: now().toISOString() });
      const id = await redis.xadd(
        key,
        'MAXLEN',
        '~',
        String(maximumEntries),
        '*',
        'kind',
        letter.kind,
        'connection',
        letter.connection ?? '',
        'letter',
        entry,
      );
      if (id === null) throw new Error('Redis did not store the dead letter');
      return id;
    },
    async list(options = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 50, 1_000));
      const end = options.before === undefined ? '+' : `(${options.before}`;
      const entries = await redis.xrevrange(key, end, '-', 'COUNT', limit);
      return entries.map(([id, fields]) => parse(id, fields));
    },
    async get(id) {
      const [entry] = await redis.xrange(key, id, id);
      return entry === undefined ? undefined : parse(entry[0], entry[1]);
    },
    async remove(id) {
      return (await redis.xdel(key, id)) === 1;
    },
    count: () => redis.xlen(key),
    async countSince(epochMs) {
      return (await redis.xrange(key, String(Math.max(0, Math.floor(epochMs))), '+')).length;
    },
  };
}
