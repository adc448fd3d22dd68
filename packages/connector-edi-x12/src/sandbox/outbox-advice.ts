import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readInterchanges } from '../x12-read.ts';

export interface AdviceLineRead {
  readonly sku: string;
  readonly location: string | undefined;
  readonly quantity: number;
}

/** One 846 we wrote, as the partner's translator reads it (with node-x12). */
export interface AdviceRead {
  readonly file: string;
  readonly receiverId: string;
  /** BIA06: 1 full advice, 2 delta. */
  readonly kind: 'full' | 'delta';
  readonly lines: readonly AdviceLineRead[];
}

export interface PublishedLine extends AdviceLineRead {
  readonly receiverId: string;
}

/** The 846 files in a tree's outbox/, in the order they were written (their names carry ISA13). */
export async function outboxAdviceFiles(root: string): Promise<string[]> {
  const names = await readdir(join(root, 'outbox')).catch(() => [] as string[]);
  return names.filter((name) => name.startsWith('846-') && name.endsWith('.x12')).sort();
}

/** Every 846 in outbox/, oldest first: its LIN loops with their QTY and N1 location. */
export async function readOutboxAdvices(root: string): Promise<AdviceRead[]> {
  const advices: AdviceRead[] = [];
  for (const file of await outboxAdviceFiles(root)) {
    for (const interchange of readInterchanges(await readFile(join(root, 'outbox', file), 'utf8'))) {
      for (const transaction of interchange.groups.flatMap((group) => group.transactions)) {
        const kind =
          transaction.segments.find((segment) => segment.tag === 'BIA')?.element(6) === '1' ? 'full' : 'delta';
        const lines: Array<{ sku: string; location: string | undefined; quantity: number }> = [];
        for (const segment of transaction.segments) {
          const current = lines.at(-1);
          if (segment.tag === 'LIN') lines.push({ sku: segment.element(3), location: undefined, quantity: 0 });
          else if (segment.tag === 'QTY' && current !== undefined) current.quantity = Number(segment.element(2));
          else if (segment.tag === 'N1' && current !== undefined) current.location = segment.element(4);
        }
        advices.push({ file, receiverId: interchange.receiverId, kind, lines });
      }
    }
  }
  return advices;
}

/**
 * What each partner holds after reading our 846s in order: a full advice replaces what it had, a delta updates the
 * lines it names.
 */
export async function publishedAdvice(root: string): Promise<PublishedLine[]> {
  const held = new Map<string, Map<string, PublishedLine>>();
  for (const advice of await readOutboxAdvices(root)) {
    const lines =
      advice.kind === 'full' ? new Map<string, PublishedLine>() : (held.get(advice.receiverId) ?? new Map());
    for (const line of advice.lines)
      lines.set(JSON.stringify([line.sku, line.location]), { receiverId: advice.receiverId, ...line });
    held.set(advice.receiverId, lines);
  }
  return [...held.values()].flatMap((lines) => [...lines.values()]);
}
