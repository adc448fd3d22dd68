/**
 * Every key of one SKU shares the hash tag `{<prefix>:<sku>}`, so one SKU's keys live in one Redis Cluster slot
 * and a script can update them atomically. Keys that span SKUs (a connection's dirty set) have their own tag and
 * are only ever touched by single commands or scripts of their own.
 */
export interface EngineKeys {
  readonly sku: (sku: string) => SkuKeys;
  readonly dirty: (connection: string) => string;
  readonly skuIndex: string;
  /** Sorted set of open drifts (`sku target state`) scored by when they were first seen. */
  readonly driftIndex: string;
  /** The routing decision of one order (its own slot: an order spans SKUs). */
  readonly order: (source: string, orderReference: string) => string;
  /**
   * Hash of an order's releases and fulfilments that arrived before the order itself, applied when it is placed
   * (the order's slot: the same tag as `order`).
   */
  readonly earlyOrderMessages: (source: string, orderReference: string) => string;
  /**
   * Hash of how many units of each order line have ended (released or consumed) and which change ended which
   * units, so a partial cancel or shipment takes exactly its units once (the order's slot).
   */
  readonly orderLineEnds: (source: string, orderReference: string) => string;
  /**
   * List of a connection's recent push latencies (seconds, newest first, a few dozen at most), read by dynamic
   * buffers (its own slot: one connection's samples, written by every runner).
   */
  readonly pushLatency: (connection: string) => string;
}

export interface SkuKeys {
  /** Integer, incremented by every batch that changes this SKU. */
  readonly version: string;
  /** Sorted set of processed idempotency keys scored by when they were processed (server time, ms). */
  readonly seen: string;
  /** List of applied movements (`serverTimeMs|outcome|event JSON`), oldest first, trimmed by age. */
  readonly ledger: string;
  /**
   * Hash per location: absolute values (`b:`), the sum of the pending relative changes per counter (`n:`),
   * incoming dates (`i:`) and the time of the oldest pending change (`oldest`). Written by an earlier version it
   * held the changes themselves (`d:`) too.
   */
  readonly position: (location: string) => string;
  /** Hash per location: the pending relative changes themselves, by idempotency key (see `apply-script.ts`). */
  readonly pending: (location: string) => string;
  /** Sorted set per location: the pending changes in event order, overall and per counter (see `apply-script.ts`). */
  readonly pendingIndex: (location: string) => string;
  /** Hash channel → last computed quantity (JSON). */
  readonly computed: string;
  /** Hash channel → last pushed quantity (JSON). */
  readonly pushed: string;
  /** Hash channel → last quantity seen on the remote (JSON). */
  readonly remote: string;
  /** Hash `target state` → open drift (JSON). */
  readonly drift: string;
  /**
   * Sorted set of recent sales (`connection quantity eventId`) scored by when they happened (ms), trimmed to the
   * longest dynamic-buffer window; written only for SKUs a channel with a dynamic buffer lists.
   */
  readonly sales: string;
}

export function createEngineKeys(prefix: string): EngineKeys {
  if (/[{}\s]/.test(prefix)) throw new Error(`the key prefix "${prefix}" may not contain braces or spaces`);
  return {
    sku(sku) {
      const tag = `{${prefix}:sku:${sku}}`;
      return {
        version: `${tag}:version`,
        seen: `${tag}:seen`,
        ledger: `${tag}:ledger`,
        position: (location) => `${tag}:position:${location}`,
        pending: (location) => `${tag}:pending:${location}`,
        pendingIndex: (location) => `${tag}:pending-index:${location}`,
        computed: `${tag}:computed`,
        pushed: `${tag}:pushed`,
        remote: `${tag}:remote`,
        drift: `${tag}:drift`,
        sales: `${tag}:sales`,
      };
    },
    dirty: (connection) => `{${prefix}:dirty:${connection}}`,
    skuIndex: `{${prefix}:index}:skus`,
    driftIndex: `{${prefix}:index}:drift`,
    // Braces in a vendor's order id would break the hash tag, so the parts are encoded.
    order: (source, orderReference) => orderTag(prefix, source, orderReference),
    earlyOrderMessages: (source, orderReference) => `${orderTag(prefix, source, orderReference)}:early`,
    orderLineEnds: (source, orderReference) => `${orderTag(prefix, source, orderReference)}:ends`,
    pushLatency: (connection) => `{${prefix}:push-latency:${connection}}`,
  };
}

function orderTag(prefix: string, source: string, orderReference: string): string {
  return `{${prefix}:order:${encodeURIComponent(source)}:${encodeURIComponent(orderReference)}}`;
}
