import type { Cluster, Redis } from 'ioredis';
import type { DeadLetter, DeadLetterInput } from '../jobs/dead-letter.ts';

export type { DeadLetter, DeadLetterError, DeadLetterInput, DeadLetterKind } from '../jobs/dead-letter.ts';

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
