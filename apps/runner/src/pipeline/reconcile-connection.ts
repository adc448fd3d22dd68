import { type SnapshotPageV2, supports } from '@stockwire/connector-spec';
import type { Drift } from '@stockwire/engine';
import { recordCall } from '../alerts/activity-log.ts';
import { connectionRuntime, type PipelineContext } from '../jobs/pipeline-context.ts';
import { recordConnectorCall } from '../observability/connector-calls.ts';
import { askLimiter } from './ask-limiter.ts';
import { deadLetterItemFailures } from './item-failures.ts';
import { offerPushes } from './offer-pushes.ts';

export interface ReconcileSummary {
  readonly connection: string;
  readonly dryRun: boolean;
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
  /** Differences found: the authority's numbers against our state, a channel's against what we pushed. */
  readonly drifts: Drift[];
}

export interface ReconcileOptions {
  readonly dryRun?: boolean | undefined;
  /** Resume a run that was interrupted (the job stores its page cursor before it waits). */
  readonly startCursor?: string | undefined;
  readonly onPage?: ((summary: Readonly<ReconcileSummary>, nextCursor: string | undefined) => void) | undefined;
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
    pages: 0,
    records: 0,
    itemFailures: 0,
    inSync: 0,
    loaded: 0,
    snapshotsApplied: 0,
    pushesScheduled: 0,
    drifts: [],
  };
  let cursor = options.startCursor;
  for (;;) {
    const permit = await askLimiter(runtime, 'readSnapshot');
    if (!permit.granted) {
      await options.wait(permit.waitMs, cursor);
      continue;
    }
    const operation = { connection, operation: 'readSnapshot' };
    let page: SnapshotPageV2;
    try {
      page = await connector.snapshot.read(cursor === undefined ? {} : { cursor });
    } catch (error) {
      recordConnectorCall(context.metrics, operation, { error });
      await recordCall(context, connection, true);
      throw error;
    } finally {
      await permit.release();
    }
    recordConnectorCall(context.metrics, operation, { requests: 1 });
    await recordCall(context, connection, false);
    const result = await context.engine.reconcile(connection, page.records, { dryRun });
    summary.pages++;
    summary.records += page.records.length;
    summary.itemFailures += page.failures.length;
    summary.inSync += result.inSync;
    summary.loaded += result.loaded;
    summary.snapshotsApplied += result.snapshotsApplied;
    summary.pushesScheduled += result.pushesScheduled;
    summary.drifts.push(...result.drifts);
    for (const drift of result.drifts) context.metrics.driftsFound.inc({ connection, cause: drift.cause });
    if (!dryRun) {
      await deadLetterItemFailures(context, connection, page.failures);
      if (result.snapshotsApplied > 0 || result.pushesScheduled > 0) await offerPushes(context);
    }
    cursor = page.nextCursor;
    options.onPage?.(summary, cursor);
    if (cursor === undefined) return summary;
  }
}
