import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { exportColumns } from '../file-inventory-push.ts';
import { folders } from '../file-layout.ts';
import type { CsvDialect } from '../file-settings.ts';
import { standardCsvDialect } from '../formats/csv.ts';

/** One row of an availability export, as a consumer of the outbox reads it. */
export interface ExportedAvailability {
  readonly channel: string;
  readonly sku: string;
  /** Empty when the quantity is not per location. */
  readonly location: string;
  readonly quantity: number;
  readonly status: string;
}

export interface AvailabilityExport {
  readonly name: string;
  readonly rows: readonly ExportedAvailability[];
}

/**
 * The "vendor" of the file connector: a folder tree on this machine (served over SFTP by a real sshd when the
 * test needs it). It lays out the tree, drops files into the inbox the way a careful sender does (temporary name,
 * then rename) and reads what the connector left behind.
 */
export interface FileSandbox {
  readonly root: string;
  /** Creates inbox/, outbox/, processed/ and rejected/. */
  layOut(): Promise<void>;
  /** Empties the tree and lays it out again. */
  reset(): Promise<void>;
  dropInboxFile(name: string, text: string): Promise<void>;
  /** Names in a folder, sorted; hidden files only when asked. */
  listFolder(folder: string, options?: { hidden?: boolean }): Promise<string[]>;
  /** A file's text by path relative to the root, or undefined. */
  readText(path: string): Promise<string | undefined>;
  /** Every `outbox/availability-*.csv`, in name order (the order a consumer applies them). */
  readExports(): Promise<AvailabilityExport[]>;
  /** What the outbox says now: the exports applied in order, the latest value per channel, SKU and location. */
  publishedAvailability(): Promise<ExportedAvailability[]>;
}

export interface FileSandboxOptions {
  /** The CSV dialect the connection is configured with, in which exports are read back. */
  readonly csv?: CsvDialect;
}

export function createFileSandbox(root: string, options: FileSandboxOptions = {}): FileSandbox {
  const dialect = options.csv ?? standardCsvDialect;
  const sandbox: FileSandbox = {
    root,
    async layOut() {
      for (const folder of Object.values(folders)) await mkdir(join(root, folder), { recursive: true });
    },
    async reset() {
      for (const entry of await readdir(root)) await rm(join(root, entry), { recursive: true, force: true });
      await sandbox.layOut();
    },
    async dropInboxFile(name, text) {
      const temporary = join(root, folders.inbox, `.${name}.uploading`);
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, join(root, folders.inbox, name));
    },
    async listFolder(folder, options = {}) {
      const names = await readdir(join(root, folder)).catch(() => [] as string[]);
      return names.filter((name) => options.hidden === true || !name.startsWith('.')).sort();
    },
    async readText(path) {
      return await readFile(join(root, path), 'utf8').catch(() => undefined);
    },
    async readExports() {
      const names = (await sandbox.listFolder(folders.outbox)).filter((name) => /^availability-.*\.csv$/.test(name));
      const exports: AvailabilityExport[] = [];
      for (const name of names) {
        const text = (await sandbox.readText(`${folders.outbox}/${name}`)) ?? '';
        exports.push({ name, rows: parseExport(name, text, dialect) });
      }
      return exports;
    },
    async publishedAvailability() {
      const latest = new Map<string, ExportedAvailability>();
      for (const file of await sandbox.readExports()) {
        for (const row of file.rows) latest.set(JSON.stringify([row.channel, row.sku, row.location]), row);
      }
      return [...latest.values()];
    },
  };
  return sandbox;
}

/** Reads an export the way a receiving system would: with csv-parse, in the connection's dialect. */
function parseExport(name: string, text: string, dialect: CsvDialect): ExportedAvailability[] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: dialect.delimiter,
      quote: dialect.quote === false ? null : dialect.quote,
      escape: dialect.quote === false ? null : dialect.quote,
    }) as string[][];
  } catch (error) {
    throw new Error(`outbox/${name} is not a well-formed availability export (${(error as Error).message}):\n${text}`);
  }
  const [header, ...rows] = records;
  if (header?.join(',') !== exportColumns.join(',')) {
    throw new Error(`outbox/${name} is not a well-formed availability export:\n${text}`);
  }
  return rows.map(([channel = '', sku = '', location = '', quantity = '', status = '']) => ({
    channel,
    sku,
    location,
    quantity: Number(quantity),
    status,
  }));
}
