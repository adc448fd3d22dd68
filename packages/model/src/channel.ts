import { z } from 'zod';
import { DynamicBufferSchema } from './dynamic-buffer.ts';
import {
  ChannelIdSchema,
  ConnectionIdSchema,
  LocationIdSchema,
  NonNegativeQuantitySchema,
  SkuIdSchema,
} from './identifiers.ts';

export const listingStatuses = [
  'in-stock',
  'out-of-stock',
  'preorder',
  'backorder',
  'discontinued',
  'disabled',
] as const;
export const ListingStatusSchema = z.enum(listingStatuses);
export type ListingStatus = z.infer<typeof ListingStatusSchema>;

/**
 * The policy's fields without their defaults: a per-SKU override changes only what it names (with the defaults in,
 * an override naming only `maximum` would have reset the channel's percentage and buffer as well).
 */
const policyFields = {
  /** Show this share of sellable stock, rounded down (e.g. 80 to keep a fifth back for other channels). */
  percentage: z.number().int().min(0).max(100),
  /** Units always held back from this channel. */
  buffer: NonNegativeQuantitySchema,
  /**
   * Instead of a fixed `buffer`: hold back what the channel is expected to sell of the SKU while its quantity is
   * on its way (recent sales velocity × measured push latency), within a floor and a ceiling.
   */
  dynamicBuffer: DynamicBufferSchema,
  /** Never show more than this. */
  maximum: NonNegativeQuantitySchema,
  /** Show zero when fewer than this would be shown: the last few units are too risky to sell online. */
  zeroBelow: NonNegativeQuantitySchema,
  /** When nothing is sellable, sell incoming stock expected within the horizon, up to the limit. */
  preorder: z.strictObject({ horizonDays: z.number().int().min(1), limit: NonNegativeQuantitySchema.optional() }),
  /** When nothing is sellable (and no preorder applies), keep selling up to this many units. */
  backorder: z.strictObject({ limit: NonNegativeQuantitySchema }),
  /** A disabled listing shows zero and the status `disabled`, whatever the stock. */
  listing: z.enum(['enabled', 'disabled']),
};

const bothBuffers = {
  message: 'a policy has either a fixed buffer or a dynamicBuffer, not both (the dynamic floor is the fixed part)',
  path: ['dynamicBuffer'],
};

/** The rules that turn sellable stock into the quantity one channel shows. Applied in the order listed here. */
export const ChannelPolicySchema = z
  .strictObject({
    percentage: policyFields.percentage.default(100),
    buffer: policyFields.buffer.default(0),
    dynamicBuffer: policyFields.dynamicBuffer.optional(),
    maximum: policyFields.maximum.optional(),
    zeroBelow: policyFields.zeroBelow.default(0),
    preorder: policyFields.preorder.optional(),
    backorder: policyFields.backorder.optional(),
    listing: policyFields.listing.default('enabled'),
  })
  .refine((policy) => policy.dynamicBuffer === undefined || policy.buffer === 0, bothBuffers);
export type ChannelPolicy = z.infer<typeof ChannelPolicySchema>;
export type ChannelPolicyInput = z.input<typeof ChannelPolicySchema>;

export const ChannelPolicyOverrideSchema = z.strictObject({
  skus: z.array(SkuIdSchema).min(1),
  policy: z
    .strictObject(policyFields)
    .partial()
    .refine((policy) => policy.dynamicBuffer === undefined || policy.buffer === undefined, bothBuffers),
});

/** A place where stock is sold: a storefront, a marketplace, a wholesale export. */
export const ChannelSchema = z.strictObject({
  id: ChannelIdSchema,
  name: z.string().min(1).optional(),
  /** The connection that publishes this channel's quantities. */
  connection: ConnectionIdSchema,
  /** The SKUs this channel lists (`*` for the whole catalog); others are neither computed nor published. */
  skus: z.union([z.literal('*'), z.array(SkuIdSchema).min(1)]).default('*'),
  /** The locations whose stock this channel may sell. */
  locations: z.array(LocationIdSchema).min(1),
  policy: ChannelPolicySchema.default(ChannelPolicySchema.parse({})),
  /** Per-SKU changes to the policy; the last override that names a SKU wins. */
  overrides: z.array(ChannelPolicyOverrideSchema).default([]),
  /**
   * The location the channel's connection keeps this channel's quantity at, for connectors that keep quantities
   * per location (a Shopify location, an Amazon marketplace). Defaults to the channel's location when it has only
   * one. It need not be a location the channel sells from: it names where the number is shown, not where stock is.
   */
  publishLocation: LocationIdSchema.optional(),
  /**
   * `false`: computed and shown (preview, status, dashboard) but never pushed — for quantities the channel
   * publishes itself, such as Amazon's FBA stock.
   */
  publish: z.boolean().default(true),
  /**
   * May one line of an order from this channel's connection be held at (and shipped from) several locations?
   * Absent: as the order says (orders may split unless they say otherwise). `false`: never — the whole order goes
   * to the first location that can ship all of it, else each line whole to one that has it.
   */
  allowSplit: z.boolean().optional(),
});
export type Channel = z.infer<typeof ChannelSchema>;

/** Where a channel's quantity is published: its `publishLocation`, else its only location, else none. */
export function channelPublishLocation(channel: Channel): string | undefined {
  return channel.publishLocation ?? (channel.locations.length === 1 ? channel.locations[0] : undefined);
}

export function channelListsSku(channel: Channel, sku: string): boolean {
  return channel.skus === '*' || channel.skus.includes(sku);
}

/**
 * The channel's policy for one SKU, its overrides applied in order. A fixed `buffer` and a `dynamicBuffer` replace
 * each other: an override naming one turns the other off for its SKUs.
 */
export function effectivePolicy(channel: Channel, sku: string): ChannelPolicy {
  let policy = channel.policy;
  for (const override of channel.overrides) {
    if (!override.skus.includes(sku)) continue;
    const changes = stripUndefined(override.policy);
    if (changes.buffer !== undefined) policy = { ...policy, dynamicBuffer: undefined };
    if (changes.dynamicBuffer !== undefined) policy = { ...policy, buffer: 0 };
    policy = { ...policy, ...changes };
  }
  return policy;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
