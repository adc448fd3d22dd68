import type { Channel, InventoryEvent } from '@stockwire/model';
import { secondsAt } from '../simulation-time.ts';

/**
 * How many units Stockwire holds back per channel: the configuration's own policy, none, a fixed number, or a
 * dynamic buffer that follows observed sync latency × the SKU's recent sales velocity, within bounds.
 */
export type BufferPolicy =
  | { readonly kind: 'configured' }
  | { readonly kind: 'none' }
  | { readonly kind: 'static'; readonly buffer: number }
  | {
      readonly kind: 'dynamic';
      readonly minimum: number;
      readonly maximum: number;
      /** How far back sales count towards the velocity. */
      readonly windowSeconds: number;
      /** Headroom over the expected sales in one latency window, since sales arrive in bursts, not evenly. */
      readonly safetyFactor: number;
    };

/**
 * Tracks what the dynamic buffer needs. Velocity counts reserved units across all channels, because any channel's
 * sale during the latency window can take the unit another channel still shows. Latency is the newest observed
 * delivery delay plus the push latency.
 */
export class DynamicBufferTracker {
  readonly #sales = new Map<string, Array<{ at: number; quantity: number }>>();
  #observedDeliverySeconds = 0;

  readonly policy: BufferPolicy;
  readonly syncLatencySeconds: number;

  constructor(policy: BufferPolicy, syncLatencySeconds: number) {
    this.policy = policy;
    this.syncLatencySeconds = syncLatencySeconds;
  }

  observe(event: InventoryEvent, now: number): void {
    const occurred = secondsAt(event.occurredAt);
    // A late redelivery says nothing about the normal path; keep the delay of fresh events.
    const delay = now - occurred;
    if (delay >= 0 && delay < 60) this.#observedDeliverySeconds = delay;
    if (event.kind !== 'reservation-created') return;
    const sales = this.#sales.get(event.sku) ?? [];
    sales.push({ at: occurred, quantity: event.quantity });
    this.#sales.set(event.sku, sales);
  }

  /** The units to hold back for this SKU now (0 unless the policy is dynamic). */
  dynamicBuffer(sku: string, now: number): number {
    const policy = this.policy;
    if (policy.kind !== 'dynamic') return 0;
    const since = now - policy.windowSeconds;
    const sales = (this.#sales.get(sku) ?? []).filter((sale) => sale.at > since);
    this.#sales.set(sku, sales);
    const velocity = sales.reduce((total, sale) => total + sale.quantity, 0) / policy.windowSeconds;
    const latency = this.#observedDeliverySeconds + this.syncLatencySeconds;
    return Math.min(policy.maximum, Math.max(policy.minimum, Math.ceil(policy.safetyFactor * latency * velocity)));
  }

  /** The channel as the policy sees it: its buffer replaced unless the configured policy is kept. */
  channelFor(channel: Channel, sku: string, now: number): Channel {
    const policy = this.policy;
    switch (policy.kind) {
      case 'configured':
        return channel;
      case 'none':
        return { ...channel, policy: { ...channel.policy, buffer: 0 }, overrides: [] };
      case 'static':
        return { ...channel, policy: { ...channel.policy, buffer: policy.buffer }, overrides: [] };
      case 'dynamic':
        return { ...channel, policy: { ...channel.policy, buffer: this.dynamicBuffer(sku, now) }, overrides: [] };
    }
  }
}
