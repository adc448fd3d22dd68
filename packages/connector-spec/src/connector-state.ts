/**
 * Durable state one connection keeps across calls, restarts and processes — a marketplace's in-flight feed ledger,
 * a dedupe set of notification ids. The runner gives every instance of a connection the same store (in Redis), so
 * what one process wrote another reads. Values are plain JSON.
 */
export interface ConnectorStateStoreV2 {
  get<Value>(key: string): Promise<Value | undefined>;
  getMany<Value>(keys: readonly string[]): Promise<Array<Value | undefined>>;
  set(key: string, value: unknown): Promise<void>;
  setMany(entries: ReadonlyArray<readonly [key: string, value: unknown]>): Promise<void>;
  delete(...keys: string[]): Promise<void>;
}
