/** What one export row said last time, per channel, SKU and location (the connection's names). */
export interface ExportedValue {
  readonly quantity: number;
  readonly status: string;
}

/** One entry of the state file, as stored: channel, SKU, location, quantity, status. */
type StoredValue = [channel: string, sku: string, location: string, quantity: number, status: string];

interface ExportPlace {
  readonly channel: string;
  readonly sku: string;
  readonly location: string;
}

export function exportKey(row: ExportPlace): string {
  return JSON.stringify([row.channel, row.sku, row.location]);
}

/**
 * `outbox/.stockwire-last-export.json`, `{ version: 1, values: [[channel, sku, location, quantity, status], …] }`.
 * Read leniently: a state file that is missing or unreadable only means the next push writes every value again,
 * which is safe because every value is absolute.
 *
 * The file holds every value ever exported (one per channel SKU), and each push of a few thousand reads and rewrites
 * it whole. It used to become a map of every value (a key string and an object each, validated into copies, each
 * key parsed again to write the file): at 333,334 SKUs some 150 MiB of garbage per push, which set the runner's
 * heap peak and so its resident memory (#14). Now only the pushed places are indexed; the stored entries are checked
 * where they lie and changed in place, and written back as they are.
 */
export interface LastExport {
  /** The value last exported at these places, for the places a push asks about (see `readLastExport`). */
  lastValue(row: ExportPlace): ExportedValue | undefined;
  /** Records an exported value, for `serialize`. */
  record(row: ExportPlace & ExportedValue): void;
  serialize(): string;
}

/** Reads the state for a push of `places`: only their entries are looked up. */
export function readLastExport(text: string | undefined, places: readonly ExportPlace[]): LastExport {
  const values = storedValues(text);
  const wanted = new Map<string, StoredValue | undefined>();
  for (const place of places) wanted.set(exportKey(place), undefined);
  if (wanted.size > 0) {
    for (const value of values) {
      const key = exportKey({ channel: value[0], sku: value[1], location: value[2] });
      // The last entry of a key wins, as when the whole file became a map.
      if (wanted.has(key)) wanted.set(key, value);
    }
  }
  return {
    lastValue(place) {
      const value = wanted.get(exportKey(place));
      return value === undefined ? undefined : { quantity: value[3], status: value[4] };
    },
    record(row) {
      const key = exportKey(row);
      const value = wanted.get(key);
      if (value !== undefined) {
        value[3] = row.quantity;
        value[4] = row.status;
        return;
      }
      const added: StoredValue = [row.channel, row.sku, row.location, row.quantity, row.status];
      values.push(added);
      wanted.set(key, added);
    },
    serialize: () => `${JSON.stringify({ version: 1, values })}\n`,
  };
}

/** The entries of a state file, or none when it is missing or any part of it is not what version 1 writes. */
function storedValues(text: string | undefined): StoredValue[] {
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof json !== 'object' || json === null) return [];
  const { version, values } = json as { version?: unknown; values?: unknown };
  if (version !== 1 || !Array.isArray(values)) return [];
  for (const value of values) if (!isStoredValue(value)) return [];
  return values as StoredValue[];
}

function isStoredValue(value: unknown): value is StoredValue {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string' &&
    typeof value[3] === 'number' &&
    typeof value[4] === 'string'
  );
}
