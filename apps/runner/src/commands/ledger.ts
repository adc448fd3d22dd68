import { createEngine } from '@stockwire/engine';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { requireRedis, resolveRedisUrl } from '../cli-support/redis-url.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import { readSkuLedger, type SkuLedgerView, type SkuUpdate } from '../observability/sku-ledger.ts';
import { openRedisConnections } from '../runtime/redis-connections.ts';
import { runnerOptionsFromEnvironment } from '../runtime/runner-options.ts';

export interface LedgerCommandOptions {
  readonly sku: string;
  readonly location?: string;
  readonly json?: boolean;
  readonly limit: string;
  readonly config: string;
  readonly redisUrl?: string;
}

export function registerLedgerCommand(program: Command, context: CommandContext): void {
  program
    .command('ledger')
    .summary('show one SKU as the engine holds it: positions, channels and who sent the last updates')
    .description(
      'Reads one SKU from the engine (the Redis the runners use; nothing changes): its quantities by state at each ' +
        'location, what each channel was computed, pushed and last seen showing, and the newest updates the engine ' +
        'applied with the connection that sent each, its event id, kind and when it happened. Duplicates and ' +
        'superseded events changed nothing, so they are not in the ledger.',
    )
    .requiredOption('--sku <id>', 'the SKU, by canonical id')
    .option('--location <id>', 'only this location')
    .option('--json', 'print the JSON that GET /admin/skus/:sku serves instead of tables')
    .option('--limit <count>', 'how many updates to show', '20')
    .option('-c, --config <file>', 'the configuration file', 'stockwire.yaml')
    .option(
      '--redis-url <url>',
      'the Redis the runners use (default: REDIS_URL, else redis://127.0.0.1:6379; a cluster: redis+cluster://host:port,…)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done, 1 the configuration has problems, 2 wrong command line (an unknown SKU or location',
        'included), 3 Redis unreachable.',
        '',
        'Examples:',
        '  $ stockwire ledger --sku CANDLE-CEDAR',
        '  $ stockwire ledger --sku CANDLE-CEDAR --location wh-east --limit 5',
        '  $ stockwire ledger --sku CANDLE-CEDAR --json | jq .updates[0].source',
      ].join('\n'),
    )
    .action(async (options: LedgerCommandOptions) => {
      context.setExitCode(await runLedger(options, context.io));
    });
}

export async function runLedger(options: LedgerCommandOptions, io: CliIo): Promise<ExitCode> {
  try {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit "${options.limit}" is not a count`);
    const environment = process.env;
    const { configuration, file } = await loadConfiguration(options.config, { cwd: io.cwd });
    if (!configuration.skus.some((sku) => sku.id === options.sku)) {
      throw new UsageError(`--sku "${options.sku}" is not a SKU of ${file} (give its canonical id, not an alias)`);
    }
    if (options.location !== undefined && !configuration.locations.some(({ id }) => id === options.location)) {
      const names = configuration.locations.map(({ id }) => id).join(', ');
      throw new UsageError(`--location "${options.location}" is not in ${file}; it has ${names}`);
    }
    const redisUrl = resolveRedisUrl(options.redisUrl, environment);
    const redis = openRedisConnections(redisUrl);
    try {
      await requireRedis(redis, redisUrl);
      const { keyPrefix } = runnerOptionsFromEnvironment(environment);
      const engine = createEngine({ redis: redis.commands, configuration, options: { keyPrefix } });
      const view = await readSkuLedger({ configuration, engine }, options.sku, { location: options.location, limit });
      if (view === undefined) throw new UsageError(`--sku "${options.sku}" is not a SKU of ${file}`);
      io.stdout(options.json === true ? `${JSON.stringify(view, null, 2)}\n` : renderLedger(view));
      return exitCodes.ok;
    } finally {
      await redis.close();
    }
  } catch (error) {
    return reportCommandError(error, io, 'ledger');
  }
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric: ReadonlySet<number>,
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const orDash = (value: string | number | undefined) => (value === undefined ? '—' : String(value));

function detailText(update: SkuUpdate): string {
  return Object.entries(update.detail)
    .map(([field, value]) => `${field}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
}

export function renderLedger(view: SkuLedgerView): string {
  const sections = [`${view.sku}${view.name === null ? '' : `  ${view.name}`}`];
  const last = view.updates[0];
  if (view.kitComponents.length > 0) {
    const components = view.kitComponents.map(({ sku, quantity }) => `${quantity}× ${sku}`).join(', ');
    sections.push(`A kit of ${components}: it has no stock or ledger of its own (run ledger for a component).`);
  } else {
    sections.push(
      last === undefined
        ? 'No update in the ledger yet (or none within its retention).'
        : `Last valid update: ${last.source}, event ${last.idempotencyKey} (${last.kind} at ${last.location}), ` +
            `happened ${last.occurredAt}, applied ${last.appliedAt}`,
    );
    sections.push(
      `Positions\n${table(
        [
          'LOCATION',
          'ON HAND',
          'COMMITTED',
          'RESERVED',
          'DAMAGED',
          'QC',
          'SAFETY',
          'IN TRANSIT',
          'INCOMING',
          'LAST UPDATE BY',
        ],
        view.positions.map(({ location, quantities, lastUpdate }) => [
          location,
          ...[
            quantities.onHand,
            quantities.committed,
            quantities.reserved,
            quantities.damaged,
            quantities.qualityControl,
            quantities.safetyStock,
            quantities.inTransit,
            quantities.incoming,
          ].map(String),
          lastUpdate === null ? '—' : `${lastUpdate.source} at ${lastUpdate.occurredAt}`,
        ]),
        new Set([1, 2, 3, 4, 5, 6, 7, 8]),
      )}`,
    );
  }
  sections.push(
    `Channels\n${table(
      ['CHANNEL', 'CONNECTION', 'COMPUTED', 'PUSHED', 'PUSHED AT', 'SEEN ON CHANNEL', 'SEEN AT', 'STATE'],
      view.channels.map((channel) => [
        channel.channel,
        channel.connection,
        channel.computed === undefined ? '—' : `${channel.computed.quantity} ${channel.computed.status}`,
        orDash(channel.pushed?.quantity),
        orDash(channel.pushed?.pushedAt),
        orDash(channel.remote?.quantity),
        orDash(channel.remote?.observedAt),
        channel.state,
      ]),
      new Set([3, 5]),
    )}`,
  );
  if (view.kitComponents.length === 0) {
    sections.push(
      `Updates, newest first\n${table(
        ['APPLIED', 'SOURCE', 'KIND', 'LOCATION', 'HAPPENED', 'EVENT ID', 'DETAIL'],
        view.updates.map((update) => [
          update.appliedAt,
          update.source,
          update.kind,
          update.location,
          update.occurredAt,
          update.idempotencyKey,
          detailText(update),
        ]),
        new Set(),
      )}`,
    );
  }
  return `${sections.join('\n\n')}\n`;
}
