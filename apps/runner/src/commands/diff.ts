import { createEngine } from '@stockwire/engine';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { describeRedisUrl, requireRedis, resolveRedisUrl } from '../cli-support/redis-url.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import { diffConfigurations } from '../preview/diff-configurations.ts';
import { renderDiffTable } from '../preview/render-diff-table.ts';
import { openRedisConnections } from '../runtime/redis-connections.ts';
import { runnerOptionsFromEnvironment } from '../runtime/runner-options.ts';

export interface DiffCommandOptions {
  /** The new configuration. */
  readonly config: string;
  /** The configuration the runners run with now. */
  readonly current: string;
  readonly redisUrl?: string;
  readonly json?: boolean;
}

export function registerDiffCommand(program: Command, context: CommandContext): void {
  program
    .command('diff')
    .summary('show which channel values a new configuration would change on the live stock, and why')
    .description(
      'Computes every SKU × channel value under the running configuration and under a new one, from the live ' +
        'positions the engine holds in Redis (nothing is written), and lists only the values that would change: ' +
        'the current and new quantity, the difference and the rule that causes it (the first step of the trace ' +
        'whose result differs). Then the totals: values changed, SKUs affected and the net change per channel.',
    )
    .requiredOption('-c, --config <file>', 'the new configuration, to compare with the running one')
    .option('--current <file>', 'the configuration the runners run with now (as for stockwire run)', 'stockwire.yaml')
    .option(
      '--redis-url <url>',
      'the Redis the runners use (default: REDIS_URL, else redis://127.0.0.1:6379; a cluster: redis+cluster://host:port,…)',
    )
    .option('--json', 'print { rows, totals } as JSON instead of the table')
    .addHelpText(
      'after',
      [
        '',
        'Quantities are in each connection’s units, as they would be pushed. Runners keep running with the current',
        'configuration: this only shows what the new one would publish from the same stock.',
        'Exit codes: 0 done, 1 a configuration has problems, 2 wrong command line, 3 Redis unreachable.',
        '',
        'Examples:',
        '  $ stockwire diff --config stockwire.new.yaml',
        '  $ stockwire diff --current /etc/stockwire/stockwire.yaml --config new.yaml --redis-url redis://redis:6379',
        '  $ stockwire diff --config new.yaml --json | jq .totals.deltaByChannel',
      ].join('\n'),
    )
    .action(async (options: DiffCommandOptions) => {
      context.setExitCode(await runDiff(options, context.io));
    });
}

export async function runDiff(options: DiffCommandOptions, io: CliIo): Promise<ExitCode> {
  try {
    const environment = process.env;
    const current = await loadConfiguration(options.current, { cwd: io.cwd });
    const proposed = await loadConfiguration(options.config, { cwd: io.cwd });
    const redisUrl = resolveRedisUrl(options.redisUrl, environment);
    const redis = openRedisConnections(redisUrl);
    try {
      await requireRedis(redis, redisUrl);
      const { keyPrefix } = runnerOptionsFromEnvironment(environment);
      const engine = createEngine({
        redis: redis.commands,
        configuration: current.configuration,
        options: { keyPrefix },
      });
      const now = new Date();
      const { rows, totals } = await diffConfigurations({
        current: current.configuration,
        proposed: proposed.configuration,
        engine,
        now,
      });
      if (options.json === true) {
        io.stdout(`${JSON.stringify({ rows, totals }, null, 2)}\n`);
      } else {
        io.stdout(
          `Diff of ${options.config} against ${options.current} on the live stock in ${describeRedisUrl(redisUrl)}, ` +
            `as of ${now.toISOString()}\n\n`,
        );
        io.stdout(renderDiffTable(rows, totals));
      }
      return exitCodes.ok;
    } finally {
      await redis.close();
    }
  } catch (error) {
    return reportCommandError(error, io, 'diff');
  }
}
