import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readInterchanges } from '../x12-read.ts';

export interface PublishedLine {
  readonly receiverId: string;
  readonly sku: string;
  readonly location: string | undefined;
  readonly quantity: number;
}

/** The 846 files in a tree's outbox/, in the order they were written (their names carry ISA13). */
export async function outboxAdviceFiles(root: string): Promise<string[]> {
  const names = await readdir(join(root, 'outbox')).catch(() => [] as string[]);
  return names.filter((name) => name.startsWith('846-') && name.endsWith('.x12')).sort();
}

/**
 * What each partner holds after reading our 846s in order: a full advice (BIA06 1) replaces what it had, a delta
 * (BIA06 2) updates the lines it names. Read with node-x12, as a partner's translator would.
 */
export async function publishedAdvice(root: string): Promise<PublishedLine[]> {
  const held = new Map<string, Map<string, PublishedLine>>();
  for (const name of await outboxAdviceFiles(root)) {
    for (const interchange of readInterchanges(await readFile(join(root, 'outbox', name), 'utf8'))) {
      for (const transaction of interchange.groups.flatMap((group) => group.transactions)) {
        const full = transaction.segments.find((segment) => segment.tag === 'BIA')?.element(6) === '1';
        const lines = full ? new Map<string, PublishedLine>() : (held.get(interchange.receiverId) ?? new Map());
        let current: { sku: string; location: string | undefined; quantity: number } | undefined;
        const finish = () => {
          if (current !== undefined)
            lines.set(JSON.stringify([current.sku, current.location]), {
              receiverId: interchange.receiverId,
              ...current,
            });
          current = undefined;
        };
        for (const segment of transaction.segments) {
          if (segment.tag === 'LIN') {
            finish();
            current = { sku: segment.element(3), location: undefined, quantity: 0 };
          } else if (segment.tag === 'QTY' && current !== undefined) current.quantity = Number(segment.element(2));
          else if (segment.tag === 'N1' && current !== undefined) current.location = segment.element(4);
        }
        finish();
        held.set(interchange.receiverId, lines);
      }
    }
  }
  return [...held.values()].flatMap((lines) => [...lines.values()]);
}
