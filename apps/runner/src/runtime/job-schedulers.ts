import { supports } from '@stockwire/connector-spec';
import { type Connection, defaultDeltaReconcileSeconds, ReconcileScheduleSchema } from '@stockwire/model';
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

/**
 * The schedules the configuration asks for: per connection a delta pass (one poll job reads every stream since
 * its cursor: changes, orders) and a full pass (a snapshot reconciliation), each on its own schedule, and the push
 * sweep. Runner options override the configured schedules (tests shorten them, or turn the full pass off).
 */
export function wantedSchedulers(
  connections: ReadonlyMap<string, ConnectionRuntime>,
  options: RunnerOptions,
  configured: Readonly<Record<string, Pick<Connection, 'reconcile'>>> = {},
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
    const schedule = ReconcileScheduleSchema.parse(configured[name]?.reconcile ?? {});
    const deltaSeconds = options.pollIntervalSeconds ?? schedule.deltaEverySeconds ?? suggestedDeltaSeconds(connector);
    if (deltaSeconds !== undefined && deltaSeconds > 0) {
      wanted.push({ queue: 'poll', id: `poll:${name}`, everyMs: deltaSeconds * 1_000, connection: name });
    }
    const fullSeconds = options.reconcileIntervalSeconds ?? schedule.fullEverySeconds;
    if (fullSeconds > 0 && supports(connector, 'snapshot')) {
      wanted.push({ queue: 'reconcile', id: `reconcile:${name}`, everyMs: fullSeconds * 1_000, connection: name });
    }
  }
  return wanted;
}

/**
 * As often as the most eager stream asks, but at least every 15 minutes: a connector that suggests polling hourly
 * still gets the delta pass the anchors run. Undefined when the connector has nothing to poll.
 */
function suggestedDeltaSeconds(connector: ConnectionRuntime['connector']): number | undefined {
  const streams = pollStreams(connector);
  if (streams.length === 0) return undefined;
  const suggested = Math.min(...streams.map((stream) => stream.suggestedIntervalSeconds));
  return Math.min(suggested, defaultDeltaReconcileSeconds);
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
