import { supports } from '@stockwire/connector-spec';
import type { Queue } from 'bullmq';
import { type QueueName, tickJobName } from '../jobs/job-requests.ts';
import type { RunnerOptions } from '../jobs/runner-options.ts';
import { pollStreams } from '../pipeline/poll-streams.ts';
import type { ConnectionRuntime } from './connection-runtimes.ts';

interface WantedScheduler {
  readonly queue: QueueName;
  readonly id: string;
  readonly everyMs: number;
  readonly connection?: string | undefined;
  /** The job the scheduler makes; a tick (which enqueues a deduplicated job) unless the work needs no guard. */
  readonly name?: string | undefined;
}

/** The schedules the configuration asks for: polls and reconciliations per connection, and the push sweep. */
export function wantedSchedulers(
  connections: ReadonlyMap<string, ConnectionRuntime>,
  options: RunnerOptions,
): WantedScheduler[] {
  const wanted: WantedScheduler[] = [{ queue: 'push', id: 'sweep', everyMs: options.sweepIntervalSeconds * 1_000 }];
  if (options.alerts.webhookUrl !== undefined) {
    // Claims in Redis keep two evaluations from posting one alert twice, so the job may run on any runner.
    wanted.push({
      queue: 'push',
      id: 'alerts',
      everyMs: options.alerts.evaluateIntervalSeconds * 1_000,
      name: 'alerts',
    });
  }
  for (const { name, connector } of connections.values()) {
    // One poll job reads every stream (changes, orders), as often as the most eager of them asks.
    const streams = pollStreams(connector);
    if (streams.length > 0) {
      const suggested = Math.min(...streams.map((stream) => stream.suggestedIntervalSeconds));
      const seconds = options.pollIntervalSeconds ?? suggested;
      wanted.push({ queue: 'poll', id: `poll:${name}`, everyMs: seconds * 1_000, connection: name });
    }
    if (options.reconcileIntervalSeconds > 0 && supports(connector, 'snapshot')) {
      wanted.push({
        queue: 'reconcile',
        id: `reconcile:${name}`,
        everyMs: options.reconcileIntervalSeconds * 1_000,
        connection: name,
      });
    }
  }
  return wanted;
}

/**
 * Makes the job schedulers in Redis match the configuration. Every runner process does this at start: upserting
 * is idempotent, so replicas agree, and schedules of connections that left the configuration are removed.
 */
export async function installSchedulers(
  queues: ReadonlyMap<QueueName, Queue>,
  wanted: readonly WantedScheduler[],
): Promise<void> {
  for (const scheduler of wanted) {
    const queue = queues.get(scheduler.queue);
    await queue?.upsertJobScheduler(
      scheduler.id,
      { every: scheduler.everyMs },
      {
        name: scheduler.name ?? tickJobName,
        data: { connection: scheduler.connection },
        opts: { attempts: 1, removeOnFail: true },
      },
    );
  }
  for (const [name, queue] of queues) {
    const keep = new Set(wanted.filter((scheduler) => scheduler.queue === name).map((scheduler) => scheduler.id));
    for (const existing of await queue.getJobSchedulers(0, -1)) {
      const id = existing.id ?? existing.key;
      if (!keep.has(id)) await queue.removeJobScheduler(id);
    }
  }
}
