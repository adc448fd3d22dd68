import type { AlertCondition } from './alert-conditions.ts';

/** Slack's incoming-webhook body; other chat tools (Mattermost, Rocket.Chat, Teams' Slack adapter) accept it too. */
export interface AlertMessage {
  readonly text: string;
  readonly blocks?: ReadonlyArray<Record<string, unknown>>;
}

export type AlertState = 'firing' | 'resolved';

export function alertMessage(condition: AlertCondition, state: AlertState, installation: string): AlertMessage {
  const text =
    state === 'firing'
      ? `:rotating_light: Stockwire (${installation}): ${condition.summary}`
      : `:white_check_mark: Stockwire (${installation}) resolved: ${condition.summary}`;
  const details = state === 'firing' ? condition.details : [];
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(details.length === 0
        ? []
        : [{ type: 'section', text: { type: 'mrkdwn', text: details.map((line) => `• ${line}`).join('\n') } }]),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `alert \`${condition.key}\` (${condition.kind})` }] },
    ],
  };
}

/** Posts one message; throws with the status or the network error, so the caller can count and log it. */
export async function postAlert(webhookUrl: string, message: AlertMessage, timeoutMs: number): Promise<void> {
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
  });
  // The body is not needed, but an unread body keeps the connection busy.
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`the alert webhook answered HTTP ${response.status}`);
}
