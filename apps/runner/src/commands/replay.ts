import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { requireRedis, resolveRedisUrl } from '../cli-support/redis-url.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { createDeadLetterStore, type DeadLetter } from '../dead-letters/dead-letter-store.ts';
import { type ReplayResult, replayAllDeadLetters, replayDeadLetter } from '../dead-letters/replay-dead-letter.ts';
import { createJobQueues } from '../runtime/job-queues.ts';
import { openRedisConnections } from '../runtime/redis-connections.ts';
import { createRunnerKeys } from '../runtime/runner-keys.ts';
import { runnerOptionsFromEnvironment } from '../runtime/runner-options.ts';

export interface ReplayOptions {
  readonly id?: string;
  readonly all?: boolean;
  readonly limit: string;
  readonly redisUrl?: string;
}

export function registerReplayCommand(program: Command, context: CommandContext): void {
  program
    .command('replay')
    .summary('list dead letters, or re-drive one or all of them')
    .description(
      'Without options, lists the newest dead letters: events the engine refused, items a connector could not ' +
        'read, pushes a channel refused, webhooks that could not be read, jobs that failed for good. With --id or ' +
        '--all, enqueues each again (a running `stockwire run` picks it up, with the configuration it has now) and ' +
        'removes it; a replay that fails again comes back as a new dead letter. Fix the cause first.',
    )
    .option('--id <id>', 'replay this dead letter (an id from the list)')
    .option('--all', 'replay every dead letter that can be replayed, oldest first')
    .option('--limit <count>', 'how many to list', '20')
    .option(
      '--redis-url <url>',
      'the Redis the runners use (default: REDIS_URL, else redis://127.0.0.1:6379; a cluster: redis+cluster://host:port,…)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done, 1 the dead letter could not be replayed, 2 wrong command line, 3 Redis unreachable.',
        '',
        'Examples:',
        '  $ stockwire replay                                  # what is waiting, newest first',
        '  $ stockwire replay --id 1767225600000-0',
        '  $ stockwire replay --all --redis-url redis://redis:6379',
      ].join('\n'),
    )
    .action(async (options: ReplayOptions) => {
      context.setExitCode(await runReplay(options, context.io));
    });
}

export async function runReplay(options: ReplayOptions, io: CliIo): Promise<ExitCode> {
  try {
    if (options.id !== undefined && options.all === true) throw new UsageError('give either --id or --all, not both');
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit "${options.limit}" is not a count`);
    const environment = process.env;
    const runnerOptions = runnerOptionsFromEnvironment(environment);
    const redisUrl = resolveRedisUrl(options.redisUrl, environment);
    const redis = openRedisConnections(redisUrl);
    try {
      await requireRedis(redis, redisUrl);
      const keys = createRunnerKeys(runnerOptions.keyPrefix);
      const store = createDeadLetterStore(redis.commands, keys.deadLetters);
      if (options.id === undefined && options.all !== true) {
        io.stdout(renderList(await store.list({ limit }), await store.count()));
        return exitCodes.ok;
      }
      const queues = createJobQueues(redis.jobs, keys.queuePrefix, runnerOptions);
      try {
        const enqueue = (request: Parameters<typeof queues.enqueue>[0]) => queues.enqueue(request);
        const results =
          options.id !== undefined
            ? [await replayDeadLetter(store, enqueue, options.id)]
            : await replayAllDeadLetters(store, enqueue);
        io.stdout(renderResults(results));
        return options.id !== undefined && results.some((result) => !result.replayed)
          ? exitCodes.invalidInput
          : exitCodes.ok;
      } finally {
        await queues.close();
      }
    } finally {
      await redis.close();
    }
  } catch (error) {
    return reportCommandError(error, io, 'replay');
  }
}

function renderList(letters: readonly DeadLetter[], total: number): string {
  if (letters.length === 0) return 'No dead letters.\n';
  const lines = [
    `${total} dead letter${total === 1 ? '' : 's'}${total > letters.length ? `, newest ${letters.length}` : ''}:`,
  ];
  for (const letter of letters) {
    const replayable = letter.replay === undefined ? 'fix at the source' : 'replayable';
    lines.push(`  ${letter.id}  ${letter.at}  ${letter.kind}  ${letter.connection ?? '-'}  (${replayable})`);
    lines.push(`      ${letter.reason}`);
  }
  lines.push('Replay one with: stockwire replay --id <id>   (or all with --all)');
  return `${lines.join('\n')}\n`;
}

function renderResults(results: readonly ReplayResult[]): string {
  const replayed = results.filter((result) => result.replayed);
  const lines = results.map((result) =>
    result.replayed
      ? `  ${result.id}: re-enqueued on ${result.request.queue} (${result.request.name})`
      : `  ${result.id}: not replayed: ${result.reason}`,
  );
  return `Replayed ${replayed.length} of ${results.length}:\n${lines.join('\n')}\n`;
}
