import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { resolveRedisUrl, UnavailableError } from '../cli-support/redis-url.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { waitForShutdownSignal } from '../cli-support/wait-for-shutdown.ts';
import { describeConfigurationFile } from '../config/configuration-history.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import { createHttpServer } from '../http/create-http-server.ts';
import { createLogger } from '../observability/create-logger.ts';
import { createRunner } from '../runtime/create-runner.ts';
import { passwordOfRedisTarget } from '../runtime/redis-target.ts';
import { runnerOptionsInputFromEnvironment } from '../runtime/runner-options.ts';

export interface RunOptions {
  readonly config: string;
  readonly port?: string;
  readonly host: string;
  readonly redisUrl?: string;
  readonly shadow?: boolean;
}

export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .summary('start syncing: workers, schedules, webhooks, health, metrics and the admin API')
    .description(
      'Start a runner: it polls and reconciles every connection on schedule, takes webhooks, applies events in the ' +
        'engine and pushes what changed to each channel, within each vendor’s rate limits. Run as many as you like ' +
        'against one Redis: they share the work and the limits. Stops gracefully on SIGTERM or SIGINT: takes no ' +
        'new work, finishes the jobs in progress, closes its connections.',
    )
    .option('-c, --config <file>', 'the configuration file', 'stockwire.yaml')
    .option(
      '-p, --port <number>',
      'HTTP port for webhooks, /healthz, /readyz, /metrics and /admin (default: PORT, else 8080)',
    )
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option(
      '--redis-url <url>',
      'the Redis to use (default: REDIS_URL, else redis://127.0.0.1:6379); a Redis Cluster by its seed nodes: ' +
        'redis+cluster://host1:port1,host2:port2 (rediss+cluster:// for TLS)',
    )
    .option(
      '--shadow',
      'plan and report every push (GET /admin/shadow) but write nothing to any channel, to run beside an existing ' +
        'sync before switching over; use a key prefix of its own (default: STOCKWIRE_SHADOW)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Environment:',
        '  REDIS_URL                  the Redis every runner of this installation shares',
        '  STOCKWIRE_ADMIN_TOKEN      bearer token of the /admin API (off without it)',
        '  STOCKWIRE_LOG_LEVEL        trace, debug, info (default), warn, error',
        '  STOCKWIRE_ALERT_WEBHOOK_URL  Slack-compatible webhook for alerts (thresholds: STOCKWIRE_ALERT_*); each',
        "                             one set overrides that field of the configuration's alerts: section",
        '  STOCKWIRE_KEY_PREFIX, STOCKWIRE_PUSH_DEBOUNCE_MS, STOCKWIRE_JOB_LOCK_MS, … (see docs/operations.md)',
        '  and the variables your connections read their secrets from ({ env: NAME } in the configuration)',
        '',
        'Exit codes: 0 stopped by a signal, 1 the configuration has problems, 2 wrong command line,',
        '3 the runner cannot start: Redis is unreachable (within STOCKWIRE_REDIS_CONNECT_TIMEOUT_MS, default 10 s),',
        "  Redis's maxmemory-policy is not noeviction, a secret's environment variable is not set (or empty),",
        '  a connection cannot start, or the HTTP port cannot be bound (see docs/operations.md).',
        '',
        'Examples:',
        '  $ REDIS_URL=redis://redis:6379 stockwire run --config /etc/stockwire/stockwire.yaml',
        '  $ stockwire run -c stockwire.yaml --port 9000 --redis-url redis://127.0.0.1:6379/2',
        '  $ REDIS_URL=redis+cluster://:secret@10.0.0.5:7000,10.0.0.6:7000 stockwire run -c stockwire.yaml',
        '  $ STOCKWIRE_KEY_PREFIX=shadow stockwire run -c stockwire.yaml --shadow',
        '  $ curl -s localhost:8080/readyz',
      ].join('\n'),
    )
    .action(async (options: RunOptions) => {
      context.setExitCode(await runRun(options, context.io, waitForShutdownSignal()));
    });
}

function parsePort(option: string | undefined, environment: NodeJS.ProcessEnv): number {
  const text = option ?? environment.PORT ?? '8080';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port "${text}" is not a port number (0–65535; 0 picks a free one)`);
  }
  return port;
}

/** Runs until `shutdown` resolves, then stops in order: HTTP (no new webhooks), workers (finish jobs), Redis. */
export async function runRun(options: RunOptions, io: CliIo, shutdown: Promise<unknown>): Promise<ExitCode> {
  const environment = process.env;
  const startedAt = new Date();
  try {
    const port = parsePort(options.port, environment);
    const loaded = await loadConfiguration(options.config, { cwd: io.cwd });
    const redisUrl = resolveRedisUrl(options.redisUrl, environment);
    const adminToken = environment.STOCKWIRE_ADMIN_TOKEN || undefined;
    const logger = createLogger({
      level: environment.STOCKWIRE_LOG_LEVEL || 'info',
      secrets: [
        ...loaded.secretReferences.map((reference) => environment[reference.env]),
        adminToken,
        environment.STOCKWIRE_ALERT_WEBHOOK_URL,
        passwordOfRedisTarget(redisUrl),
      ],
      write: io.stdout,
    });
    const runner = await createRunner({
      configuration: loaded.configuration,
      redisUrl,
      options: { ...optionsFrom(environment), ...(options.shadow === true ? { shadow: true } : {}) },
      environment,
      baseDirectory: loaded.directory,
      logger,
    });
    // A promise a library forgot to handle must not take every connection down with it: log it, keep serving.
    process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
    const server = await createHttpServer({ runner, adminToken });
    try {
      // Which rules this runner runs with, kept beside the other starts, so a day's numbers can be traced to them.
      const configurationStart = await describeConfigurationFile(options.config, io.cwd, startedAt);
      await runner.configurationHistory.record(configurationStart);
      logger.info(
        { configuration: configurationStart },
        `configuration ${configurationStart.file} sha256:${configurationStart.contentHash} recorded`,
      );
      const address = await server.listen({ port, host: options.host }).catch((error: unknown) => {
        throw new UnavailableError(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`, {
          cause: error,
        });
      });
      logger.info({ address }, `listening on ${address}`);
      // Starting waits for Redis; a signal meanwhile must still stop the process rather than wait with it.
      const started = runner.start();
      started.catch((error: unknown) => logger.error({ err: error }, 'the workers could not start'));
      const signal = await Promise.race([started.then(() => shutdown), shutdown]);
      logger.info({ signal }, 'shutting down: no new work, finishing the jobs in progress');
    } finally {
      await server.close();
      await runner.close();
    }
    logger.info('stopped');
    return exitCodes.ok;
  } catch (error) {
    return reportCommandError(error, io, 'run');
  }
}

function optionsFrom(environment: NodeJS.ProcessEnv) {
  try {
    return runnerOptionsInputFromEnvironment(environment);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
