import { type SecretReference, SecretReferenceSchema, type StockwireConfiguration } from '@stockwire/model';
import type { z } from 'zod';
import { formatPath } from '../yaml/format-path.ts';

/** A setting whose value lives in an environment variable, with where it was written (for error messages). */
export interface SecretSetting extends SecretReference {
  /** e.g. `connections.shopify.settings.accessToken` */
  readonly settingPath: string;
  /** The connection whose settings hold it; none for the alerts' webhook. */
  readonly connection?: string | undefined;
}

/** Every `{ env: NAME }` in the connections' settings and the alerts, in file order. Reads no environment variable. */
export function findSecretReferences(configuration: StockwireConfiguration): SecretSetting[] {
  const found: SecretSetting[] = [];
  for (const [connection, { settings }] of Object.entries(configuration.connections)) {
    visitEnvObjects(settings, ['connections', connection, 'settings'], (value, path) => {
      const parsed = SecretReferenceSchema.safeParse(value);
      if (parsed.success) found.push({ env: parsed.data.env, settingPath: formatPath(path), connection });
    });
  }
  if (configuration.alerts !== undefined) {
    found.push({ env: configuration.alerts.webhook.env, settingPath: 'alerts.webhook' });
  }
  return found;
}

/**
 * Checks the shape of every `{ env: ... }` in the raw file. The model leaves settings to each connector, but a
 * malformed secret reference is the same mistake whatever the connector, and is better caught by `check` than at
 * the first sync.
 */
export function secretReferenceShapeIssues(
  rawConfiguration: unknown,
): Array<{ path: PropertyKey[]; issues: z.core.$ZodIssue[] }> {
  const problems: Array<{ path: PropertyKey[]; issues: z.core.$ZodIssue[] }> = [];
  const connections = isRecord(rawConfiguration) ? rawConfiguration.connections : undefined;
  if (!isRecord(connections)) return problems;
  for (const [connection, definition] of Object.entries(connections)) {
    if (!isRecord(definition)) continue;
    visitEnvObjects(definition.settings, ['connections', connection, 'settings'], (value, path) => {
      const parsed = SecretReferenceSchema.safeParse(value);
      if (!parsed.success) problems.push({ path, issues: parsed.error.issues });
    });
  }
  return problems;
}

function visitEnvObjects(
  value: unknown,
  path: PropertyKey[],
  visit: (value: Record<string, unknown>, path: PropertyKey[]) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      visitEnvObjects(item, [...path, index], visit);
    });
  } else if (isRecord(value)) {
    if ('env' in value) visit(value, path);
    else for (const [key, item] of Object.entries(value)) visitEnvObjects(item, [...path, key], visit);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
