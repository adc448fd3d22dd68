import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';

/** A store that lives as long as the process: for tests and single-process tools. */
export function createMemoryConnectorState(): ConnectorStateStoreV2 {
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
