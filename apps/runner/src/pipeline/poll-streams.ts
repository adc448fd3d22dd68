import type { ChangesPageV1, ChangesRequestV1, ConnectorV1 } from '@stockwire/connector-kit';

/**
 * What a connection can be polled for: its changes (`pullChanges`) and its orders (`pullOrders`, e.g. Amazon's
 * merchant-fulfilled orders). Each has its own cursor, so one stream's progress never moves the other's.
 */
export interface PollStream {
  readonly name: 'changes' | 'orders';
  readonly operation: 'pullChanges' | 'pullOrders';
  readonly suggestedIntervalSeconds: number;
  pull(request: ChangesRequestV1<unknown>): Promise<ChangesPageV1<unknown>>;
}

export function pollStreams(connector: ConnectorV1): PollStream[] {
  const streams: PollStream[] = [];
  const { changes, orders } = connector.capabilities;
  if (changes !== undefined && connector.pullChanges !== undefined) {
    const pull = connector.pullChanges.bind(connector);
    streams.push({
      name: 'changes',
      operation: 'pullChanges',
      suggestedIntervalSeconds: changes.suggestedIntervalSeconds,
      pull,
    });
  }
  if (orders !== undefined && connector.pullOrders !== undefined) {
    const pull = connector.pullOrders.bind(connector);
    streams.push({
      name: 'orders',
      operation: 'pullOrders',
      suggestedIntervalSeconds: orders.suggestedIntervalSeconds,
      pull,
    });
  }
  return streams;
}
