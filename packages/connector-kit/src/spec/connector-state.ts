/**
 * Durable state one connection keeps across calls, restarts and processes — a marketplace's in-flight feed ledger,
 * a dedupe set of notification ids. The runner gives every instance of a connection the same store (in Redis), so
 * what one process wrote another reads. Values are plain JSON.
 */
export interface ConnectorStateStoreV1 {
  get<Value>(key: string): Promise<Value | undefined>;
  getMany<Value>(keys: readonly string[]): Promise<Array<Value | undefined>>;
  set(key: string, value: unknown): Promise<void>;
  setMany(entries: ReadonlyArray<readonly [key: string, value: unknown]>): Promise<void>;
  delete(...keys: string[]): Promise<void>;
}

/** A store that lives as long as the process: for tests and single-process tools. */
export function createMemoryConnectorState(): ConnectorStateStoreV1 {
  const values = new Map<string, string>();
  const read = <Value>(key: string): Value | undefined => {
    const raw = values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as Value);
  };
  return {
    get: async (key) => read(key),
    getMany: async (keys) => keys.map((key) => read(key)),
    async set(key, value) {
      values.set(key, JSON.stringify(value));
    },
    async setMany(entries) {
      for (const [key, value] of entries) values.set(key, JSON.stringify(value));
    },
    async delete(...keys) {
      for (const key of keys) values.delete(key);
    },
  };
}
