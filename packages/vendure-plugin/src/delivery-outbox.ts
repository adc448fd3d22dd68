import type { StockwireDelivery } from './delivery-payloads.ts';
import { deliveryHeaders } from './delivery-signing.ts';

export interface DeliveryOutboxOptions {
  /** The runner's webhook endpoint for this connection, e.g. `https://stockwire.example.com/webhooks/vendure`. */
  readonly url: string;
  readonly secret: string;
  /** Deliveries held while the runner is unreachable; beyond it stock movements are dropped first. */
  readonly maxQueued: number;
  readonly initialRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly requestTimeoutMs: number;
  readonly now?: () => Date;
  readonly log?: (level: 'warn' | 'error', message: string) => void;
}

export interface DeliveryOutboxStatistics {
  queued: number;
  delivered: number;
  attempts: number;
  /** Refused for good by the receiver (a 4xx other than 408/429), e.g. a wrong shared secret. */
  rejected: number;
  /** Dropped because the outbox was full. */
  dropped: number;
}

/**
 * Posts deliveries one at a time, in the order Vendure published them, and retries each with capped exponential
 * backoff until the runner takes it (2xx): a runner that is down or restarting loses nothing while the outbox has
 * room. It lives in the Vendure process: a Vendure restart drops what is still queued (the connector's snapshot
 * reconciles what that missed).
 */
export class DeliveryOutbox {
  readonly statistics: DeliveryOutboxStatistics = { queued: 0, delivered: 0, attempts: 0, rejected: 0, dropped: 0 };
  private readonly queue: StockwireDelivery[] = [];
  private sending = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private idleWaiters: Array<() => void> = [];

  private readonly options: DeliveryOutboxOptions;

  constructor(options: DeliveryOutboxOptions) {
    this.options = options;
    this.retryDelayMs = options.initialRetryDelayMs;
  }

  enqueue(delivery: StockwireDelivery): void {
    if (this.stopped) return;
    if (this.queue.length >= this.options.maxQueued) {
      // A stock movement is an observation the next snapshot repeats; an order is not, so it keeps its place.
      const movement = this.queue.findIndex((queued, index) => index > 0 && queued.topic === 'stock.movement');
      if (movement === -1) {
        this.dropped(delivery);
        return;
      }
      const [removed] = this.queue.splice(movement, 1);
      if (removed !== undefined) this.dropped(removed);
    }
    this.queue.push(delivery);
    this.statistics.queued = this.queue.length;
    void this.sendNext();
  }

  /** Resolves once everything queued has been delivered or rejected (tests, graceful shutdown). */
  async idle(): Promise<void> {
    if (this.queue.length === 0 && !this.sending) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Retries now instead of waiting out the backoff (the runner is known to be back). */
  retryNow(): void {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryDelayMs = this.options.initialRetryDelayMs;
    void this.sendNext();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  private dropped(delivery: StockwireDelivery): void {
    this.statistics.dropped++;
    this.options.log?.('error', `outbox full (${this.options.maxQueued}): dropped delivery ${delivery.id}`);
  }

  private async sendNext(): Promise<void> {
    if (this.sending || this.stopped || this.retryTimer !== undefined) return;
    const next = this.queue[0];
    if (next === undefined) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.sending = true;
    const outcome = await this.post(next);
    this.sending = false;
    if (outcome === 'retry') {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.sendNext();
      }, this.retryDelayMs);
      this.retryTimer.unref();
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.maxRetryDelayMs);
      return;
    }
    this.queue.shift();
    this.statistics.queued = this.queue.length;
    this.retryDelayMs = this.options.initialRetryDelayMs;
    void this.sendNext();
  }

  private async post(delivery: StockwireDelivery): Promise<'done' | 'retry'> {
    const rawBody = JSON.stringify(delivery);
    this.statistics.attempts++;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: deliveryHeaders(this.options.secret, delivery, rawBody, this.options.now?.() ?? new Date()),
        body: rawBody,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) {
        this.statistics.delivered++;
        return 'done';
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        this.statistics.rejected++;
        this.options.log?.('error', `the runner refused delivery ${delivery.id} with HTTP ${response.status}`);
        return 'done';
      }
      this.options.log?.('warn', `delivery ${delivery.id} answered HTTP ${response.status}; retrying`);
      return 'retry';
    } catch (error) {
      this.options.log?.('warn', `delivery ${delivery.id} failed (${(error as Error).message}); retrying`);
      return 'retry';
    }
  }
}
