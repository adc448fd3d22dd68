import type { PushFillV2 } from '@stockwire/connector-spec';
import type { PipelineConnection } from './connection.ts';

/**
 * How long a flush waits for more changes before it runs, from how full the connection's rate-limit bucket is:
 * `headroom` 1 (full) → at once, since points the bucket cannot hold are lost anyway and waiting only adds
 * latency; 0 (empty) → the whole debounce, so the points that come back buy calls carrying more changes. In
 * between, in proportion. A steady stream then settles where flushes spend what the bucket restores, with the
 * bucket partly full for the next burst. A backlog of a full batch or more never waits (see `waitToBatchMs`).
 */
export function flushDelayMs(debounceMs: number, headroom: number): number {
  const share = Math.min(1, Math.max(0, Number.isFinite(headroom) ? headroom : 0));
  return Math.round(debounceMs * (1 - share));
}

export interface FlushPacing {
  /** The delay for the next flush of `connection` (see `flushDelayMs`). */
  delayFor(connection: string): Promise<number>;
}

/**
 * Reads each connection's bucket through its shared limiter, at most once per `freshForMs` per connection (every
 * apply job offers a flush: at 2,000 events per second a reading per offer would cost a Redis call each). A
 * connection without a limiter, or whose limiter cannot be read, is treated as full: its limits are not ours to
 * guess, and the debounce never holds a push back for nothing. With `debounceMs` 0 nothing is read.
 */
export function createFlushPacing(input: {
  readonly connections: ReadonlyMap<string, PipelineConnection>;
  readonly debounceMs: number;
  readonly freshForMs?: number;
  readonly now?: () => number;
}): FlushPacing {
  const freshForMs = input.freshForMs ?? 50;
  const now = input.now ?? Date.now;
  const readings = new Map<string, { at: number; headroom: Promise<number> }>();
  const headroomOf = (connection: string): Promise<number> => {
    const limiter = input.connections.get(connection)?.limiter;
    if (limiter === undefined) return Promise.resolve(1);
    const cached = readings.get(connection);
    if (cached !== undefined && now() - cached.at < freshForMs) return cached.headroom;
    const headroom = limiter.headroom('pushQuantities').catch(() => 1);
    readings.set(connection, { at: now(), headroom });
    return headroom;
  };
  return {
    async delayFor(connection) {
      if (input.debounceMs <= 0) return 0;
      return flushDelayMs(input.debounceMs, await headroomOf(connection));
    },
  };
}

/**
 * The rest of the wait a flush job should still sleep before pushing, decided once, on its first run: the paced
 * delay less what the job already waited since it was added (a flush offered while another ran has waited for it),
 * nothing when a full batch is already waiting (waiting cannot make a call carry more), and nothing for a few
 * milliseconds (not worth a round trip through the delayed set).
 */
export function waitToBatchMs(input: {
  readonly pacedMs: number;
  readonly waitedMs: number;
  readonly waiting: number;
  readonly batchSize: number;
}): number {
  if (input.waiting >= input.batchSize) return 0;
  const rest = input.pacedMs - Math.max(0, input.waitedMs);
  return rest < minimumSleepMs ? 0 : Math.ceil(rest);
}

/**
 * How long a flush should still sleep to let a bulk batch fill (the connector's `push.fill`): while at least
 * `fromItems` and fewer than a full batch are waiting, until `windowMs` after the flush was offered. It sleeps in
 * slices of at most `fillCheckMs` and is asked again after each, so a batch that fills meanwhile goes within a
 * slice instead of at the end of the window. Fewer than `fromItems` never wait here.
 */
export function waitToFillMs(input: {
  readonly fill: PushFillV2 | undefined;
  readonly waitedMs: number;
  readonly waiting: number;
  readonly batchSize: number;
}): number {
  const { fill } = input;
  if (fill === undefined || input.waiting < fill.fromItems || input.waiting >= input.batchSize) return 0;
  const rest = fill.windowMs - Math.max(0, input.waitedMs);
  return rest < minimumSleepMs ? 0 : Math.ceil(Math.min(rest, fillCheckMs));
}

const minimumSleepMs = 5;
const fillCheckMs = 1_000;
