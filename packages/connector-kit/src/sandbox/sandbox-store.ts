/**
 * A vendor's state inside a sandbox, keyed by the vendor's id. Values are copied in and out so a handler that
 * mutates what it read cannot change the "server" state behind the test's back — a real API would not either.
 */
export interface SandboxStore<Value> {
  get(id: string): Value | undefined;
  set(id: string, value: Value): void;
  /** Applies `change` to a copy of the stored value and stores the result; throws when the id is unknown. */
  update(id: string, change: (current: Value) => Value): Value;
  delete(id: string): boolean;
  has(id: string): boolean;
  values(): Value[];
  entries(): [string, Value][];
  clear(): void;
  readonly size: number;
}

export function createSandboxStore<Value>(initial: Iterable<readonly [string, Value]> = []): SandboxStore<Value> {
  const entries = new Map<string, Value>();
  for (const [id, value] of initial) entries.set(id, structuredClone(value));
  return {
    get(id) {
      const value = entries.get(id);
      return value === undefined ? undefined : structuredClone(value);
    },
    set(id, value) {
      entries.set(id, structuredClone(value));
    },
    update(id, change) {
      const current = entries.get(id);
      if (current === undefined) throw new Error(`the sandbox store has no entry "${id}" to update`);
      const next = structuredClone(change(structuredClone(current)));
      entries.set(id, next);
      return structuredClone(next);
    },
    delete(id) {
      return entries.delete(id);
    },
    has(id) {
      return entries.has(id);
    },
    values() {
      return [...entries.values()].map((value) => structuredClone(value));
    },
    entries() {
      return [...entries].map(([id, value]) => [id, structuredClone(value)]);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
