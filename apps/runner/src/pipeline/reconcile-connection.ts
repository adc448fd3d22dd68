import { type SnapshotPageV2, supports } from '@stockwire/connector-spec';
import type { Drift } from '@stockwire/engine';
import { recordCall } from '../alerts/activity-log.ts';
import type { PipelineConnection } from '../jobs/connection.ts';
import { connectionRuntime, type PipelineContext } from '../jobs/pipeline-context.ts';
import { isRetryable } from '../jobs/retry-rule.ts';
import { recordConnectorCall } from '../observability/connector-calls.ts';
import { askLimiter } from './ask-limiter.ts';
import { deadLetterItemFailures } from './item-failures.ts';
import { offerPushes } from './offer-pushes.ts';

export interface ReconcileSummary {
  readonly connection: string;
  readonly dryRun: boolean;
  /** The page cursor an interrupted run was resumed from; undefined for a run from the first page. */
  resumedFrom: string | undefined;
  pages: number;
  records: number;
  itemFailures: number;
  /** Records that matched what we hold (authority) or pushed (channel). */
  inSync: number;
  /** Positions seen for the first time: loaded, not drift. */
  loaded: number;
  /** Snapshot events of the authority's states the engine applied (0 in a dry run). */
  snapshotsApplied: number;
  /** Channel SKUs the engine marked for a fresh push because the channel drifted (0 in a dry run). */
  pushesScheduled: number;
  /** Differences found (all of them): the authority's numbers against our state, a channel's against what we pushed. */
  driftCount: number;
  /**
   * The first `listedDriftsLimit` of them. A store that drifted everywhere would otherwise hold a million drifts in
   * the summary (and in the reconcile job's answer, written to Redis); the engine keeps every open drift
   * (`GET /admin/drifts`) and the metrics count them all.
   */
  readonly drifts: Drift[];
}

/** Drifts a summary lists; `driftCount` counts all. */
export const listedDriftsLimit = 1_000;

export interface ReconcileOptions {
  readonly dryRun?: boolean | undefined;
  /** Resume a run that was interrupted (the job stores its page cursor after every page and before it waits). */
  readonly startCursor?: string | undefined;
  /** After each page's records reached the engine: a job stores `nextCursor` here, so a restart resumes there. */
  readonly onPage?:
    | ((summary: Readonly<ReconcileSummary>, nextCursor: string | undefined) => void | Promise<void>)
    | undefined;
  /** The limiter said wait. A job ends its run here (and resumes from `cursor`); the CLI sleeps and goes on. */
  readonly wait: (waitMs: number, cursor: string | undefined) => Promise<void>;
}

/**
 * Reads a connection's whole inventory, page by page, and hands each page to the engine's reconciliation, which
 * decides what it means: the states the connection is the authority of heal our state (as snapshot events), a
 * channel's numbers are compared with what we pushed (echoes of our own writes are not drift), and drift is
 * recorded and pushed again. A dry run changes nothing and reports the drift.
 */
export async function reconcileConnection(
  context: PipelineContext,
  connection: string,
  options: ReconcileOptions,
): Promise<ReconcileSummary> {
  const dryRun = options.dryRun === true;
  const runtime = connectionRuntime(context, connection);
  const { connector } = runtime;
  if (!supports(connector, 'snapshot')) {
    throw Object.assign(new Error(`connection "${connection}" (${connector.connector}) cannot read a snapshot`), {
      retryable: false,
    });
  }
  const summary: ReconcileSummary = {
    connection,
    dryRun,
    resumedFrom: options.startCursor,
    pages: 0,
    records: 0,
    itemFailures: 0,
    inSync: 0,
    loaded: 0,
    snapshotsApplied: 0,
    pushesScheduled: 0,
    driftCount: 0,
    drifts: [],
  };
  let cursor = options.startCursor;
  for (;;) {
    const permit = await askLimiter(runtime, 'readSnapshot');
    if (!permit.granted) {
      await options.wait(permit.waitMs, cursor);
      continue;
    }
    let page: SnapshotPageV2;
    try {
      page = await readPage(context, runtime, cursor, permit);
    } catch (error) {
      // A resumed cursor the connector refuses for good (the snapshot it paged was superseded): start over. Any
      // other failure of that first read (retryable by the runner's one rule) is thrown, for the caller to retry.
      if (summary.pages > 0 || cursor === undefined || isRetryable(error)) throw error;
      context.logger.warn({ connection, err: error }, 'the stored snapshot cursor is no longer valid; reading again');
      summary.resumedFrom = undefined;
      cursor = undefined;
      continue;
    }
    const result = await context.engine.reconcile(connection, page.records, { dryRun });
    summary.pages++;
    summary.records += page.records.length;
    summary.itemFailures += page.failures.length;
    summary.inSync += result.inSync;
    summary.loaded += result.loaded;
    summary.snapshotsApplied += result.snapshotsApplied;
    summary.pushesScheduled += result.pushesScheduled;
    summary.driftCount += result.drifts.length;
    summary.drifts.push(...result.drifts.slice(0, Math.max(0, listedDriftsLimit - summary.drifts.length)));
    for (const drift of result.drifts) context.metrics.driftsFound.inc({ connection, cause: drift.cause });
    if (!dryRun) {
      await deadLetterItemFailures(context, connection, page.failures);
      if (result.snapshotsApplied > 0 || result.pushesScheduled > 0) await offerPushes(context);
    }
    cursor = page.nextCursor;
    await options.onPage?.(summary, cursor);
    if (cursor === undefined) return summary;
  }
}

async function readPage(
  context: PipelineContext,
  runtime: PipelineConnection,
  cursor: string | undefined,
  permit: Extract<Awaited<ReturnType<typeof askLimiter>>, { granted: true }>,
): Promise<SnapshotPageV2> {
  const connection = runtime.name;
  const operation = { connection, operation: 'readSnapshot' };
  const snapshot = runtime.connector.snapshot;
  if (snapshot === undefined) throw new Error(`connection "${connection}" cannot read a snapshot`);
  let page: SnapshotPageV2;
  try {
    page = await snapshot.read(cursor === undefined ? {} : { cursor });
  } catch (error) {
    recordConnectorCall(context.metrics, operation, { error });
    await recordCall(context, connection, true);
    throw error;
  } finally {
    await permit.release();
  }
  recordConnectorCall(context.metrics, operation, { requests: 1 });
  await recordCall(context, connection, false);
  return page;
}
