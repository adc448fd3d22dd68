import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { YamlSource } from './yaml-source.ts';

export interface PathPosition {
  readonly line: number;
  readonly column: number;
  /** False when the path ends at a missing key and the position is that of the nearest existing parent. */
  readonly exact: boolean;
}

/**
 * Line and column of the node a validation path points at. `target: 'key'` points at a mapping's key rather
 * than its value (for unknown fields, where the key is the mistake). A path into something absent falls back
 * to the nearest node that exists, so every issue still has a place in the file.
 */
export function locatePath(
  source: YamlSource,
  path: readonly PropertyKey[],
  target: 'value' | 'key' = 'value',
): PathPosition {
  let node: Node | null = source.document.contents;
  let keyNode: Node | undefined;
  let matched = 0;
  for (const segment of path) {
    const container = isAlias(node) ? (node.resolve(source.document) ?? null) : node;
    let next: Node | null = null;
    let nextKey: Node | undefined;
    if (isMap(container)) {
      const pair = container.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair !== undefined) {
        nextKey = pair.key as Node;
        // `key:` with nothing after it has no value node; the key is the best place to point at.
        next = (pair.value as Node | null) ?? nextKey;
      }
    } else if (isSeq(container) && typeof segment === 'number') {
      next = (container.items[segment] as Node | undefined) ?? null;
    }
    if (next === null) break;
    node = next;
    keyNode = nextKey;
    matched++;
  }
  const exact = matched === path.length;
  const chosen = target === 'key' && exact && keyNode !== undefined ? keyNode : node;
  const position = source.lineCounter.linePos(chosen?.range?.[0] ?? 0);
  return { line: position.line, column: position.col, exact };
}
