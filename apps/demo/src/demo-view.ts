import type { Runner } from '@stockwire/runner';
import type { DemoMarket } from './demo-market.ts';
import { counterTotal, counterTotalPerConnection } from './demo-metrics.ts';
import { flashSkus } from './demo-world.ts';

const clock = (milliseconds: number) => {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};
const pad = (text: string | number, width: number) => String(text).padEnd(width);
const padLeft = (text: string | number, width: number) => String(text).padStart(width);

export interface DemoFrameInput {
  readonly runner: Runner;
  readonly market: DemoMarket;
  readonly elapsedMs: number;
  readonly durationMs: number;
  readonly seed: number;
}

/**
 * One frame of the live view: the market's tally, the runner's counters, what waits to be pushed, and the
 * flash-sale SKUs on every channel (computed → pushed; `…` while a push is on its way).
 */
export async function renderDemoFrame(input: DemoFrameInput): Promise<string> {
  const { runner, market } = input;
  const tally = market.tally;
  const { metrics } = runner;
  const count = async (counter: Parameters<typeof counterTotal>[0]) => Math.round(await counterTotal(counter));
  const callsByConnection = await counterTotalPerConnection(metrics.apiCalls);
  const connections = [...runner.connections.keys()];
  const channels = runner.configuration.channels;
  const calls = connections
    .map((connection) => `${connection} ${Math.round(callsByConnection.get(connection) ?? 0)}`)
    .join(' · ');
  const pushConnections = [...runner.connections.values()].filter((entry) => entry.connector.push);
  const waiting = await Promise.all(
    pushConnections.map(async ({ name }) => `${name} ${await runner.engine.dirtyCount(name)}`),
  );
  const lines = [
    `Stockwire demo · seed ${input.seed} · ${market.phase(input.elapsedMs)} · ${clock(input.elapsedMs)} / ${clock(input.durationMs)}`,
    '',
    `orders   web ${tally.webOrders} · amazon ${tally.amazonOrders} · sold out ${tally.soldOut}   units sold ${tally.unitsSold}   oversold ${tally.unitsOversold}   restocks ${tally.restocks}`,
    `events   in ${await count(metrics.eventsReceived)} · applied ${await count(metrics.eventsApplied)} · duplicates ${await count(metrics.eventsDuplicate)}   webhooks ${await count(metrics.webhooks)}`,
    `pushes   ${await count(metrics.pushedItems)} items   API calls ${calls}   rate-limited ${await count(metrics.rateLimited)}`,
    `waiting  ${waiting.join(' · ')}   failed items ${await runner.deadLetters.count()}`,
    '',
    `${pad('SKU', 16)}${padLeft('free', 6)}  ${channels.map((channel) => pad(channel.id, 12)).join('')}`,
  ];
  for (const sku of flashSkus) {
    const cells = await Promise.all(
      channels.map(async (channel) => {
        const status = await runner.engine.status(sku, channel.id);
        const computed = status.computed?.quantity;
        if (computed === undefined) return pad('-', 12);
        const pushed = status.pushed?.quantity;
        const shown = !channel.publish || pushed === computed ? `${computed}` : `${computed} …`;
        return pad(shown, 12);
      }),
    );
    lines.push(`${pad(sku, 16)}${padLeft(market.freeUnits(sku), 6)}  ${cells.join('')}`);
  }
  return `${lines.join('\n')}\n`;
}
