import type { ConnectorV2, PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';

/**
 * What a connection can be polled for: its changes (`changes.pull`) and its orders (`orders.pull`, e.g. Amazon's
 * merchant-fulfilled orders). Each has its own cursor, so one stream's progress never moves the other's.
 */
export interface PollStream {
  readonly name: 'changes' | 'orders';
  readonly operation: 'pullChanges' | 'pullOrders';
  readonly suggestedIntervalSeconds: number;
  pull(request: PollRequestV2<unknown>): Promise<PollPageV2<unknown>>;
}

export function pollStreams(connector: ConnectorV2): PollStream[] {
  const streams: PollStream[] = [];
  const { changes, orders } = connector;
  if (changes !== undefined) {
    const pull = changes.pull.bind(changes);
    streams.push({
      name: 'changes',
      operation: 'pullChanges',
      suggestedIntervalSeconds: changes.suggestedIntervalSeconds,
      pull,
    });
  }
  if (orders !== undefined) {
    const pull = orders.pull.bind(orders);
    streams.push({
      name: 'orders',
      operation: 'pullOrders',
      suggestedIntervalSeconds: orders.suggestedIntervalSeconds,
      pull,
    });
  }
  return streams;
}
