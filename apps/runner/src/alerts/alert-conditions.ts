import { channelListsSku, oversellRisk } from '@stockwire/model';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { callsWithin, latestPushLatency, salesWithin } from './activity-log.ts';

export type AlertKind = 'open-drifts' | 'failed-items' | 'error-rate' | 'oversell-risk';

/** A condition that holds now. `key` names it for deduplication: one alert per key until it no longer holds. */
export interface AlertCondition {
  readonly key: string;
  readonly kind: AlertKind;
  /** One line: what crossed which threshold. */
  readonly summary: string;
  /** A few lines with the specifics (SKUs, connections, numbers). */
  readonly details: readonly string[];
}

/** The longest list of drifts read at once: beyond it the count is reported as "at least". */
const driftReadLimit = 1_000;

/** Every alert condition that holds now, read from the engine and the shared activity windows. */
export async function activeAlertConditions(context: PipelineContext): Promise<AlertCondition[]> {
  return [
    ...(await openDrifts(context)),
    ...(await failedItems(context)),
    ...(await errorRates(context)),
    ...(await oversellRisks(context)),
  ];
}

async function openDrifts(context: PipelineContext): Promise<AlertCondition[]> {
  const { openDrifts: threshold, openDriftMinimumAgeSeconds: minimumAgeSeconds } = context.options.alerts;
  if (threshold === 0) return [];
  const listed = await context.engine.drifts(driftReadLimit);
  const openedBy = context.now() - minimumAgeSeconds * 1_000;
  const drifts = listed.filter((drift) => Date.parse(drift.since) <= openedBy);
  if (drifts.length < threshold) return [];
  const count = listed.length === driftReadLimit ? `at least ${drifts.length}` : String(drifts.length);
  const age = minimumAgeSeconds === 0 ? '' : ` for ${minimumAgeSeconds} s or more`;
  return [
    {
      key: 'open-drifts',
      kind: 'open-drifts',
      summary: `${count} open drifts${age} (alert at ${threshold})`,
      details: drifts
        .slice(0, 5)
        .map(
          (drift) =>
            `${drift.sku} on ${drift.target} (${drift.state}): expected ${drift.expected ?? 'nothing'}, ` +
            `actual ${drift.actual}, ${drift.cause} since ${drift.since}`,
        ),
    },
  ];
}

async function failedItems(context: PipelineContext): Promise<AlertCondition[]> {
  const { failedItems: threshold, failedItemsWindowSeconds: windowSeconds } = context.options.alerts;
  if (threshold === 0) return [];
  const count = await context.deadLetters.countSince(context.now() - windowSeconds * 1_000);
  if (count < threshold) return [];
  return [
    {
      key: 'failed-items',
      kind: 'failed-items',
      summary: `${count} failed items in the last ${windowSeconds} s (alert at ${threshold})`,
      details: ['see GET /admin/dead-letters, and re-drive them with `stockwire replay` once fixed'],
    },
  ];
}

async function errorRates(context: PipelineContext): Promise<AlertCondition[]> {
  const { errorRate, errorRateMinimumCalls, errorRateWindowSeconds } = context.options.alerts;
  if (errorRate === 0) return [];
  const conditions: AlertCondition[] = [];
  for (const connection of context.connections.keys()) {
    const { calls, failed } = await callsWithin(context, connection, errorRateWindowSeconds * 1_000);
    if (calls < errorRateMinimumCalls || failed / calls < errorRate) continue;
    const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
    conditions.push({
      key: `error-rate ${connection}`,
      kind: 'error-rate',
      summary:
        `connection ${connection}: ${failed} of ${calls} calls failed in the last ${errorRateWindowSeconds} s ` +
        `(${percent(failed / calls)}; alert at ${percent(errorRate)})`,
      details: [],
    });
  }
  return conditions;
}

async function oversellRisks(context: PipelineContext): Promise<AlertCondition[]> {
  const { oversellRiskFactor, oversellWindowSeconds } = context.options.alerts;
  if (oversellRiskFactor === 0) return [];
  const sold = await salesWithin(context, oversellWindowSeconds * 1_000);
  const conditions: AlertCondition[] = [];
  for (const [sku, units] of sold) {
    for (const channel of context.configuration.channels) {
      if (!channelListsSku(channel, sku)) continue;
      const latency = await latestPushLatency(context, channel.connection);
      if (latency === undefined) continue;
      const shown = (await context.engine.status(sku, channel.id)).pushed?.quantity;
      if (shown === undefined) continue;
      const { atRisk, perSecond, soldBeforeTheChannelKnows } = oversellRisk({
        unitsSold: units,
        windowSeconds: oversellWindowSeconds,
        latencySeconds: latency,
        shown,
        factor: oversellRiskFactor,
      });
      if (!atRisk) continue;
      conditions.push({
        key: `oversell-risk ${channel.id} ${sku}`,
        kind: 'oversell-risk',
        summary:
          `${sku} on ${channel.id} can oversell: ${units} sold in the last ${oversellWindowSeconds} s and the ` +
          `channel hears of a change ${latency.toFixed(1)} s late, while it shows ${shown}`,
        details: [
          `sells ${perSecond.toFixed(3)}/s × ${latency.toFixed(1)} s latency × factor ${oversellRiskFactor} = ` +
            `${soldBeforeTheChannelKnows.toFixed(1)} ≥ ${shown} shown; raise the buffer or the push rate`,
        ],
      });
    }
  }
  return conditions;
}
