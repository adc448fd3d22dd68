import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { type AlertCondition, activeAlertConditions } from './alert-conditions.ts';
import { type AlertState, alertMessage, postAlert } from './alert-webhook.ts';

export interface AlertEvaluation {
  readonly fired: readonly string[];
  readonly resolved: readonly string[];
  /** Posts the webhook refused or never answered; they are tried again at the next evaluation. */
  readonly failed: readonly string[];
}

/**
 * Compares the conditions that hold now with the alerts already sent (kept in Redis, shared by every runner):
 * a new condition is posted once, a condition that stopped holding gets one "resolved" message. Each post is
 * claimed in Redis first (HSETNX / HDEL answer to one runner only), so runners evaluating at the same moment never
 * send one twice. A webhook that fails is logged and counted and the claim undone, so the next evaluation retries;
 * it never fails the runner.
 */
export async function evaluateAlerts(context: PipelineContext): Promise<AlertEvaluation> {
  const evaluation = { fired: [] as string[], resolved: [] as string[], failed: [] as string[] };
  const { webhookUrl } = context.options.alerts;
  if (webhookUrl === undefined) return evaluation;
  const key = context.keys.openAlerts;
  const active = await activeAlertConditions(context);
  const open = await context.redis.hgetall(key);

  for (const condition of active) {
    if (open[condition.key] !== undefined) continue;
    if ((await context.redis.hsetnx(key, condition.key, JSON.stringify(condition))) === 0) continue;
    if (await send(context, webhookUrl, condition, 'firing')) evaluation.fired.push(condition.key);
    else {
      await context.redis.hdel(key, condition.key);
      evaluation.failed.push(condition.key);
    }
  }

  const stillActive = new Set(active.map((condition) => condition.key));
  for (const [conditionKey, stored] of Object.entries(open)) {
    if (stillActive.has(conditionKey)) continue;
    if ((await context.redis.hdel(key, conditionKey)) === 0) continue;
    const condition = JSON.parse(stored) as AlertCondition;
    if (await send(context, webhookUrl, condition, 'resolved')) evaluation.resolved.push(conditionKey);
    else {
      await context.redis.hsetnx(key, conditionKey, stored);
      evaluation.failed.push(conditionKey);
    }
  }
  return evaluation;
}

async function send(
  context: PipelineContext,
  webhookUrl: string,
  condition: AlertCondition,
  state: AlertState,
): Promise<boolean> {
  const labels = { kind: condition.kind, state };
  try {
    const message = alertMessage(condition, state, context.options.keyPrefix);
    await postAlert(webhookUrl, message, context.options.alerts.webhookTimeoutMs);
    context.metrics.alertsSent.inc(labels);
    context.logger.info({ alert: condition.key, state }, `alert ${state}: ${condition.summary}`);
    return true;
  } catch (error) {
    context.metrics.alertWebhookFailures.inc(labels);
    // The URL is not logged: a chat webhook's URL is its credential.
    context.logger.warn(
      { alert: condition.key, state, err: error },
      `the alert webhook failed; the alert is tried again at the next evaluation`,
    );
    return false;
  }
}
