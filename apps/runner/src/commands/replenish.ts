import { createEngine } from '@stockwire/engine';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { requireRedis, resolveRedisUrl } from '../cli-support/redis-url.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { ConfigurationError } from '../config/configuration-error.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import { renderReplenishmentCsv, renderReplenishmentTable } from '../replenishment/render-replenishment.ts';
import { readReplenishment } from '../replenishment/replenishment-report.ts';
import { openRedisConnections } from '../runtime/redis-connections.ts';
import { runnerOptionsFromEnvironment } from '../runtime/runner-options.ts';

export interface ReplenishCommandOptions {
  readonly config: string;
  readonly redisUrl?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly windowDays?: string;
}

export function registerReplenishCommand(program: Command, context: CommandContext): void {
  program
    .command('replenish')
    .summary('suggest what to reorder per SKU × location, from the sales in the ledger (suggestions, not orders)')
    .description(
      'For every SKU a supplier in the configuration’s replenishment section supplies, at every location it ' +
        'delivers to: the units sold over the velocity window (from the engine’s ledger), the sales per day, the ' +
        'sellable units and days of cover, the units on order (incoming and in transit), the reorder point ' +
        '(sales per day × lead time + safety stock) and, at or below it, a suggested quantity that brings the ' +
        'position up to lead time + order cover + safety stock, rounded up to whole packs. Reads only: nothing is ' +
        'ordered and nothing in Redis changes.',
    )
    .option('-c, --config <file>', 'the configuration file, with a replenishment section', 'stockwire.yaml')
    .option(
      '--redis-url <url>',
      'the Redis the runners use (default: REDIS_URL, else redis://127.0.0.1:6379; a cluster: redis+cluster://host:port,…)',
    )
    .option('--window-days <days>', 'days of sales to measure the velocity over (default: velocityWindowDays, 1–30)')
    .option('--json', 'print { asOf, since, windowDays, suggestions, skusWithoutSupplier } as JSON')
    .option('--csv', 'print one CSV line per SKU × location, for a spreadsheet')
    .addHelpText(
      'after',
      [
        '',
        'Sales are holds and unheld shipments by a connection that publishes a channel listing the SKU (a hold and',
        'its parcel count once, a cancelled hold is taken back), by when they happened. The ledger keeps 30 days.',
        'Exit codes: 0 done, 1 the configuration has problems or no replenishment section, 2 wrong command line,',
        '3 Redis unreachable.',
        '',
        'Examples:',
        '  $ stockwire replenish',
        '  $ stockwire replenish --config /etc/stockwire/stockwire.yaml --window-days 14',
        '  $ stockwire replenish --csv > reorder.csv',
        "  $ stockwire replenish --json | jq '.suggestions[] | select(.suggestedQuantity > 0)'",
      ].join('\n'),
    )
    .action(async (options: ReplenishCommandOptions) => {
      context.setExitCode(await runReplenish(options, context.io));
    });
}

function parseWindowDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    throw new UsageError(`--window-days "${text}" is not a whole number of days from 1 to 30 (what the ledger keeps)`);
  }
  return days;
}

export async function runReplenish(options: ReplenishCommandOptions, io: CliIo): Promise<ExitCode> {
  try {
    if (options.json === true && options.csv === true) throw new UsageError('give --json or --csv, not both');
    const windowDays = parseWindowDays(options.windowDays);
    const environment = process.env;
    const { configuration, file } = await loadConfiguration(options.config, { cwd: io.cwd });
    const { replenishment } = configuration;
    if (replenishment === undefined) {
      throw new ConfigurationError(file, [
        {
          file,
          path: '',
          message:
            'has no replenishment section: add suppliers with their lead times and pack sizes ' +
            '(docs/configuration.md, "Replenishment")',
        },
      ]);
    }
    const redisUrl = resolveRedisUrl(options.redisUrl, environment);
    const redis = openRedisConnections(redisUrl);
    try {
      await requireRedis(redis, redisUrl);
      const { keyPrefix } = runnerOptionsFromEnvironment(environment);
      const engine = createEngine({ redis: redis.commands, configuration, options: { keyPrefix } });
      const report = await readReplenishment({ configuration, replenishment, engine, now: new Date(), windowDays });
      if (options.json === true) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else if (options.csv === true) io.stdout(renderReplenishmentCsv(report));
      else io.stdout(renderReplenishmentTable(report));
      return exitCodes.ok;
    } finally {
      await redis.close();
    }
  } catch (error) {
    return reportCommandError(error, io, 'replenish');
  }
}
