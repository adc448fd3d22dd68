import { z } from 'zod';

/** What one export row said last time, per channel, SKU and location (the connection's names). */
export interface ExportedValue {
  readonly quantity: number;
  readonly status: string;
}

/**
 * `outbox/.stockwire-last-export.json`. Read leniently: a state file that is missing or unreadable only means the
 * next push writes every value again, which is safe because every value is absolute.
 */
const LastExportSchema = z.object({
  version: z.literal(1),
  values: z.array(z.tuple([z.string(), z.string(), z.string(), z.number(), z.string()])),
});

export function exportKey(row: { channel: string; sku: string; location: string }): string {
  return JSON.stringify([row.channel, row.sku, row.location]);
}

export function parseLastExport(text: string | undefined): Map<string, ExportedValue> {
  const state = new Map<string, ExportedValue>();
  if (text === undefined) return state;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return state;
  }
  const parsed = LastExportSchema.safeParse(json);
  if (!parsed.success) return state;
  for (const [channel, sku, location, quantity, status] of parsed.data.values) {
    state.set(exportKey({ channel, sku, location }), { quantity, status });
  }
  return state;
}

export function serializeLastExport(state: ReadonlyMap<string, ExportedValue>): string {
  const values = [...state].map(([key, value]) => {
    const [channel, sku, location] = JSON.parse(key) as [string, string, string];
    return [channel, sku, location, value.quantity, value.status];
  });
  return `${JSON.stringify({ version: 1, values })}\n`;
}
