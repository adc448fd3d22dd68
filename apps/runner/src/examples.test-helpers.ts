import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, where `examples/` lives and where the CLI tests run the CLI from. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const examples = {
  configuration: 'examples/stockwire.yaml',
  broken: 'examples/broken.yaml',
  positions: 'examples/positions.yaml',
} as const;

export function readExample(file: string): string {
  return readFileSync(new URL(file, `file://${repositoryRoot}`), 'utf8');
}

/**
 * 1-based line and column of the only occurrence of `needle` in `text`. Tests derive expected positions from
 * the example's text rather than hard-coding numbers that break whenever a comment is added above.
 */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0 || text.indexOf(needle, offset + 1) >= 0) {
    throw new Error(`expected exactly one occurrence of ${JSON.stringify(needle)}`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
