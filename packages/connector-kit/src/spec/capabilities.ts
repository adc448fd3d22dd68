import { z } from 'zod';

/**
 * What a connector can do, declared as data so the runner can plan (and a dashboard can show) without calling
 * anything. Each capability is either absent or described by its limits.
 */
export const ConnectorCapabilitiesV1Schema = z.strictObject({
  /** Read the remote's whole inventory: page by page, or as one bulk export (e.g. Shopify bulk operations). */
  snapshot: z.strictObject({ mode: z.enum(['paged', 'bulk']) }).optional(),
  /** Write channel quantities. */
  push: z
    .strictObject({
      /** The most items one call may carry; the runner never sends more. */
      maxBatchSize: z.number().int().min(1),
      /** Always true in V1: quantities are absolute, never deltas, so a repeated push cannot move stock twice. */
      absolute: z.literal(true),
      /** The remote can refuse a write when its current value is not what we expected (compare-and-set). */
      compareAndSet: z.boolean(),
    })
    .optional(),
  /** Pull changes since a cursor (polling). */
  changes: z.strictObject({ suggestedIntervalSeconds: z.number().int().min(1) }).optional(),
  /** Receive webhooks: verify the raw body, then parse it. */
  webhooks: z.strictObject({ topics: z.array(z.string().min(1)) }).optional(),
  /** Read orders (as canonical reservation events) since a cursor. */
  orders: z.strictObject({ suggestedIntervalSeconds: z.number().int().min(1) }).optional(),
});
export type ConnectorCapabilitiesV1 = z.infer<typeof ConnectorCapabilitiesV1Schema>;
export type CapabilityName = keyof ConnectorCapabilitiesV1;
export const capabilityNames = [
  'snapshot',
  'push',
  'changes',
  'webhooks',
  'orders',
] as const satisfies readonly CapabilityName[];
