import { applyEvents, type Catalog, type InventoryEvent, type Position, positionKey } from '@stockwire/model';
import { readInputFile } from '../files/read-input-file.ts';
import { formatPath } from '../yaml/format-path.ts';
import { locatePath } from '../yaml/locate-path.ts';
import { locateZodIssues } from '../yaml/locate-zod-issues.ts';
import { type LocatedIssue, sortLocatedIssues } from '../yaml/located-issue.ts';
import { readYamlValue } from '../yaml/read-yaml-value.ts';
import { deferredYamlSource, type YamlSource } from '../yaml/yaml-source.ts';
import { PositionsError } from './positions-error.ts';
import { type PositionEntry, PositionsFileSchema } from './positions-schema.ts';
import { positionEntryToEvents } from './positions-to-events.ts';

export interface LoadedPositions {
  readonly file: string;
  /** The file's `asOf`, when it has one. */
  readonly asOf: string | undefined;
  /** Keyed by the model's `positionKey(sku, location)`, as `projectChannels` expects. */
  readonly positions: ReadonlyMap<string, Position>;
}

export interface LoadPositionsOptions {
  readonly cwd?: string;
  /** When the quantities were true if the file has no `asOf`; the current time by default. */
  readonly now?: Date;
}

/** Reads a positions file for a preview; throws PositionsError listing every problem. */
export async function loadPositions(
  file: string,
  catalog: Catalog,
  options: LoadPositionsOptions = {},
): Promise<LoadedPositions> {
  const read = await readInputFile(file, options.cwd);
  if (!read.ok) throw new PositionsError(file, [read.issue]);
  return parsePositions(read.text, file, catalog, options);
}

/** Validates positions text against its schema and the catalog, then applies it to the model as events. */
export function parsePositions(
  text: string,
  file: string,
  catalog: Catalog,
  options: Pick<LoadPositionsOptions, 'now'> = {},
): LoadedPositions {
  // The value alone, as a configuration is read: the YAML library's document with positions (about 2.5 KiB per
  // position written, #14) is built only to locate an issue, when there is one.
  const read = readYamlValue(text, file);
  if (!read.ok) throw new PositionsError(file, read.issues);
  const source = deferredYamlSource(text, file);
  const result = PositionsFileSchema.safeParse(read.value);
  if (!result.success) {
    throw new PositionsError(file, sortLocatedIssues(locateZodIssues(source, result.error.issues)));
  }
  const issues = referenceIssues(source, result.data.positions, catalog);
  if (issues.length > 0) throw new PositionsError(file, sortLocatedIssues(issues));

  const occurredAt = result.data.asOf ?? (options.now ?? new Date()).toISOString();
  const events: InventoryEvent[] = result.data.positions.flatMap((entry, index) =>
    positionEntryToEvents(entry, index, occurredAt),
  );
  const positions = new Map<string, Position>();
  applyEvents(positions, events);
  return { file, asOf: result.data.asOf, positions };
}

function referenceIssues(source: YamlSource, entries: readonly PositionEntry[], catalog: Catalog): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const issue = (path: PropertyKey[], message: string) => {
    const position = locatePath(source, path);
    issues.push({ file: source.file, line: position.line, column: position.column, path: formatPath(path), message });
  };
  const firstEntry = new Map<string, number>();
  entries.forEach((entry, index) => {
    const sku = catalog.skus.get(entry.sku);
    if (sku === undefined) issue(['positions', index, 'sku'], unknownSkuMessage(entry.sku, catalog));
    else if (sku.kit !== undefined) {
      const components = sku.kit.components.map((component) => component.sku).join(', ');
      issue(
        ['positions', index, 'sku'],
        `"${entry.sku}" is a kit, which has no stock of its own; give positions for its components (${components})`,
      );
    }
    if (!catalog.locations.has(entry.location)) {
      issue(
        ['positions', index, 'location'],
        `unknown location "${entry.location}"; the configuration defines ${[...catalog.locations.keys()].join(', ')}`,
      );
    }
    const key = positionKey(entry.sku, entry.location);
    const first = firstEntry.get(key);
    if (first === undefined) firstEntry.set(key, index);
    else {
      issue(
        ['positions', index],
        `a second entry for ${entry.sku} at ${entry.location} (the first is positions[${first}]); merge them into one`,
      );
    }
    const references = new Set<string>();
    entry.incoming.forEach((delivery, deliveryIndex) => {
      if (references.has(delivery.reference)) {
        issue(
          ['positions', index, 'incoming', deliveryIndex, 'reference'],
          `incoming reference "${delivery.reference}" is listed twice for this position`,
        );
      }
      references.add(delivery.reference);
    });
  });
  return issues;
}

/** Positions name canonical SKUs; when someone pastes a connection's name for one, say which SKU it is. */
function unknownSkuMessage(externalSku: string, catalog: Catalog): string {
  for (const sku of catalog.skus.values()) {
    const alias = sku.aliases.find((candidate) => candidate.value === externalSku);
    if (alias !== undefined) {
      return `unknown SKU "${externalSku}"; that is ${alias.connection}'s name for SKU "${sku.id}", write "${sku.id}"`;
    }
  }
  return `unknown SKU "${externalSku}"`;
}
