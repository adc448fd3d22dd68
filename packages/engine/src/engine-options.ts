import { z } from 'zod';

const day = 86_400_000;

/** Engine settings. Defaults are chosen to outlive every vendor's retry window we know of. */
export const EngineOptionsSchema = z.strictObject({
  /** Prefix of every key; several Stockwire installations can share one Redis with different prefixes. */
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9._:-]+$/)
    .default('stockwire'),
  /**
   * How long processed idempotency keys are remembered. Shopify retries webhooks for 48 hours and SQS keeps
   * Amazon notifications up to 14 days, so the default is 15 days.
   */
  idempotencyRetentionMs: z
    .number()
    .int()
    .positive()
    .default(15 * day),
  /**
   * Relative changes older than this (by the time they happened) are folded into the absolute values: events that
   * late are assumed never to arrive. Must not be shorter than the idempotency retention.
   */
  settleHorizonMs: z
    .number()
    .int()
    .positive()
    .default(15 * day),
  /** How long the movement ledger keeps entries. */
  ledgerRetentionMs: z
    .number()
    .int()
    .positive()
    .default(30 * day),
});
export type EngineOptions = z.input<typeof EngineOptionsSchema>;
export type ResolvedEngineOptions = z.output<typeof EngineOptionsSchema>;
