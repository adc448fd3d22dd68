import { readFileSync } from 'node:fs';
import type { ReadTransaction } from '../x12-read.ts';

interface StructureEntry {
  readonly ID: string;
  readonly MIN: number;
  readonly MAX: number;
  readonly LEVEL?: readonly StructureEntry[];
}

interface ElementDefinition {
  readonly id: string;
  readonly req?: 'M' | 'C';
  readonly type?: string;
  readonly min?: number;
  readonly max?: number;
  readonly composite?: readonly ElementDefinition[];
}

interface Grammar {
  readonly structure: readonly StructureEntry[];
  readonly segments: Readonly<Record<string, readonly ElementDefinition[]>>;
}

/** The bots-grammars 004010 structure and element definitions in the spec folder (structure/bots-4010-846-997.json). */
export function loadGrammar(file: string, transactionSet: '846004010' | '997004010'): Grammar {
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Grammar>;
  const grammar = all[transactionSet];
  if (grammar === undefined) throw new Error(`${file} has no ${transactionSet}`);
  return grammar;
}

/** Problems of one transaction set against the grammar: segment order, loop counts (MIN/MAX), element lengths. */
export function validateAgainstGrammar(transaction: ReadTransaction, grammar: Grammar, component: string): string[] {
  const problems: string[] = [];
  const tags = ['ST', ...transaction.segments.map((segment) => segment.tag), 'SE'];
  const root = grammar.structure[0];
  if (root === undefined || root.ID !== 'ST') return ['the grammar does not start with ST'];
  const end = matchLevel(root.LEVEL ?? [], tags, 1, problems, 'ST');
  if (end !== tags.length) problems.push(`segment ${end + 1} (${tags[end]}) is out of order or not allowed there`);
  for (const segment of transaction.segments) {
    const definitions = (grammar.segments[segment.tag] ?? []).slice(1);
    if (definitions.length === 0) problems.push(`segment ${segment.position} ${segment.tag} has no definition`);
    if (segment.elementCount > definitions.length) {
      problems.push(
        `segment ${segment.position} ${segment.tag} has ${segment.elementCount} elements, at most ${definitions.length}`,
      );
    }
    definitions.forEach((definition, index) => {
      const value = segment.element(index + 1);
      const parts =
        definition.composite === undefined
          ? [[definition, value] as const]
          : definition.composite.map((part, at) => [part, value.split(component)[at] ?? ''] as const);
      if (definition.req === 'M' && value === '')
        problems.push(`${definition.id} at segment ${segment.position} is mandatory`);
      for (const [part, text] of parts) {
        if (text === '') continue;
        const length = part.type === 'R' || part.type?.startsWith('N') ? text.replace(/[-.]/g, '').length : text.length;
        if (length < (part.min ?? 0) || length > (part.max ?? Number.POSITIVE_INFINITY)) {
          problems.push(
            `${part.id} "${text}" at segment ${segment.position} has length ${length}, allowed ${part.min ?? 0}..${part.max}`,
          );
        }
        if (part.type === 'R' && !/^-?\d*\.?\d+$/.test(text)) problems.push(`${part.id} "${text}" is not a number`);
        if (part.type === 'DT' && !/^\d{6}(\d{2})?$/.test(text)) problems.push(`${part.id} "${text}" is not a date`);
        if (part.type === 'TM' && !/^\d{4,8}$/.test(text)) problems.push(`${part.id} "${text}" is not a time`);
      }
    });
  }
  return problems;
}

function matchLevel(
  levels: readonly StructureEntry[],
  tags: readonly string[],
  start: number,
  problems: string[],
  parent: string,
): number {
  let index = start;
  for (const entry of levels) {
    let count = 0;
    while (tags[index] === entry.ID && count < entry.MAX) {
      index++;
      count++;
      if (entry.LEVEL !== undefined) index = matchLevel(entry.LEVEL, tags, index, problems, entry.ID);
    }
    if (count < entry.MIN)
      problems.push(`${entry.ID} is required ${entry.MIN} time(s) in the ${parent} loop, found ${count}`);
    if (tags[index] === entry.ID)
      problems.push(`${entry.ID} repeats more than ${entry.MAX} times in the ${parent} loop`);
  }
  return index;
}
