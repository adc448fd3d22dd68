import type { FileFormat } from './formats/read-table.ts';

/** The connection's tree: files arrive in inbox/, leave through outbox/, and are moved aside once read. */
export const folders = {
  inbox: 'inbox',
  outbox: 'outbox',
  processed: 'processed',
  rejected: 'rejected',
} as const;

/** The push state in the outbox: hidden, so readers of `availability-*.csv` never pick it up. */
export const lastExportStatePath = `${folders.outbox}/.stockwire-last-export.json`;

export type InboxFileKind = 'snapshot' | 'adjustments' | 'incoming';

export type InboxNameClass =
  | { readonly kind: InboxFileKind; readonly format: FileFormat }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'unknown' };

const inProgressPattern = /^\.|\.(tmp|part|partial|filepart|crdownload)$/i;
const inboxPattern = /^(snapshot|adjust|incoming)[^/]*\.(csv|jsonl)$/i;

/**
 * What a file in inbox/ is, from its name: `snapshot*`, `adjust*` or `incoming*` (expected deliveries), each
 * `.csv|jsonl` (any case). Hidden files
 * and upload temporaries (`.tmp`, `.part`, …) are still being written and are left alone.
 */
export function classifyInboxName(name: string): InboxNameClass {
  if (inProgressPattern.test(name)) return { kind: 'in-progress' };
  const match = inboxPattern.exec(name);
  if (match === null) return { kind: 'unknown' };
  const kinds: Record<string, InboxFileKind> = { snapshot: 'snapshot', adjust: 'adjustments', incoming: 'incoming' };
  const kind = kinds[match[1]?.toLowerCase() ?? ''] ?? 'adjustments';
  return { kind, format: match[2]?.toLowerCase() === 'csv' ? 'csv' : 'jsonl' };
}

/** A timestamp that sorts as text and is safe in file names on every system: `20261127T101530123Z`. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** `adjust-1.csv` → `adjust-1.20261127T101530123Z.csv`, for a destination that is already taken. */
export function withTimestamp(name: string, date: Date): string {
  const dot = name.lastIndexOf('.');
  const stamp = fileTimestamp(date);
  return dot <= 0 ? `${name}.${stamp}` : `${name.slice(0, dot)}.${stamp}${name.slice(dot)}`;
}
