import { z } from 'zod';

/**
 * Identifiers are plain strings so they read well in logs, YAML and Redis keys. They may not contain braces
 * (Redis Cluster hash tags), whitespace or control characters, which keeps every key built from them unambiguous.
 */
const identifierPattern = /^[A-Za-z0-9][A-Za-z0-9._:/@#+-]*$/;

function identifier(what: string) {
  return z
    .string()
    .min(1, `${what} must not be empty`)
    .max(200, `${what} is longer than 200 characters`)
    .regex(
      identifierPattern,
      `${what} may use letters, digits and . _ : / @ # + - (and must start with a letter or digit)`,
    );
}

export const SkuIdSchema = identifier('a SKU');
export const LocationIdSchema = identifier('a location id');
export const ConnectionIdSchema = identifier('a connection id');
export const ChannelIdSchema = identifier('a channel id');

export type SkuId = z.infer<typeof SkuIdSchema>;
export type LocationId = z.infer<typeof LocationIdSchema>;
export type ConnectionId = z.infer<typeof ConnectionIdSchema>;
export type ChannelId = z.infer<typeof ChannelIdSchema>;

/** A whole number of units. Quantities are never fractional in the canonical model. */
export const QuantitySchema = z.number().int('quantities are whole numbers');
export const NonNegativeQuantitySchema = QuantitySchema.min(0, 'must not be negative');
export const PositiveQuantitySchema = QuantitySchema.min(1, 'must be at least 1');

/** ISO-8601 date-time with an offset; normalised to what `Date.parse` accepts. */
export const TimestampSchema = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof TimestampSchema>;
