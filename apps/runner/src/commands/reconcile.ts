import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { requireRedis, resolveRedisUrl } from '../cli-support/redis-url.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import { createLogger } from '../observability/create-logger.ts';
import type { ReconcileSummary } from '../pipeline/reconcile-connection.ts';
import { createRunner } from '../runtime/create-runner.ts';
import { openRedisConnections } from '../runtime/redis-connections.ts';
import { runnerOptionsInputFromEnvironment } from '../runtime/runner-options.ts';

export interface ReconcileCommandOptions {
  readonly config: string;
  readonly connection: string;
  readonly dryRun?: boolean;
  readonly redisUrl?: string;
}

export function registerReconcileCommand(program: Command, context: CommandContext): void {
  program
    .command('reconcile')
    .summary('read one connection’s whole inventory now and bring the state in line')
    .description(
      'Reads every page of a connection’s inventory snapshot and reconciles it in the engine. For the states the ' +
        'connection is the authority of, the snapshot is applied (it replaces older values, never newer ones); for ' +
        'a channel it publishes, what the channel shows is compared with what was pushed, and drift is recorded and ' +
        'pushed again. Running runners push what changed. With --dry-run nothing is written: it lists the drift.',
    )
    .requiredOption('--connection <name>', 'the connection to reconcile')
    .option('--dry-run', 'change nothing; list the drift')
    .option('-c, --config <file>', 'the configuration file', 'stockwire.yaml')
    .option(
      '--redis-url <url>',
      'the Redis the runners use (default: REDIS_URL, else redis://127.0.0.1:6379; a cluster: redis+cluster://host:port,…)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Progress goes to standard error, the summary to standard output.',
        'Exit codes: 0 done, 1 the configuration has problems, 2 wrong command line, 3 Redis or the connection',
        'unavailable.',
        '',
        'Examples:',
        '  $ stockwire reconcile --connection erp --dry-run',
        '  $ stockwire reconcile --connection wms-east --config /etc/stockwire/stockwire.yaml',
      ].join('\n'),
    )
    .action(async (options: ReconcileCommandOptions) => {
      context.setExitCode(await runReconcile(options, context.io));
    });
}

export async function runReconcile(options: ReconcileCommandOptions, io: CliIo): Promise<ExitCode> {
  try {
    const environment = process.env;
    const loaded = await loadConfiguration(options.config, { cwd: io.cwd });
    const connection = loaded.configuration.connections[options.connection];
    if (connection === undefined) {
      const names = Object.keys(loaded.configuration.connections).join(', ');
      throw new UsageError(`--connection "${options.connection}" is not in ${loaded.file}; it has ${names}`);
    }
    const redisUrl = resolveRedisUrl(options.redisUrl, environment);
    const probe = openRedisConnections(redisUrl);
    try {
      await requireRedis(probe, redisUrl);
    } finally {
      await probe.close();
    }
    const runner = await createRunner({
      configuration: loaded.configuration,
      redisUrl,
      options: runnerOptionsInputFromEnvironment(environment),
      environment,
      baseDirectory: loaded.directory,
      logger: createLogger({ level: 'warn', write: io.stderr }),
    });
    try {
      const summary = await runner.reconcile(options.connection, {
        dryRun: options.dryRun === true,
        onPage: (progress, next) =>
          io.stderr(
            `page ${progress.pages}: ${progress.records} records so far` +
              `${next === undefined ? ', done' : ', reading the next page…'}\n`,
          ),
      });
      io.stdout(renderSummary(summary));
      return exitCodes.ok;
    } finally {
      await runner.close();
    }
  } catch (error) {
    return reportCommandError(error, io, 'reconcile');
  }
}

export function renderSummary(summary: ReconcileSummary): string {
  const lines = [
    `${summary.dryRun ? 'Dry run of the reconciliation of' : 'Reconciled'} connection ${summary.connection}:`,
    `  ${summary.pages} page(s), ${summary.records} record(s), ${summary.itemFailures} unreadable item(s)`,
    `  ${summary.inSync} record(s) in sync, ${summary.loaded === 0 ? '' : `${summary.loaded} new position(s) ${summary.dryRun ? 'to load' : 'loaded'}, `}${summary.driftCount} drift(s)${summary.driftCount === 0 ? '' : ':'}`,
  ];
  for (const drift of summary.drifts) {
    const ours = drift.expected === undefined ? 'nothing' : String(drift.expected);
    lines.push(
      `    ${drift.sku} at ${drift.target}: ${drift.state} ours ${ours}, theirs ${drift.actual} (${drift.cause})`,
    );
  }
  const unlisted = summary.driftCount - summary.drifts.length;
  if (unlisted > 0) lines.push(`    … and ${unlisted} more (GET /admin/drifts lists the open ones)`);
  lines.push(
    summary.dryRun
      ? '  Nothing was changed.'
      : `  applied ${summary.snapshotsApplied} snapshot(s) of the authority's states; ${summary.pushesScheduled} channel ` +
          'value(s) marked to push again',
  );
  return `${lines.join('\n')}\n`;
}
