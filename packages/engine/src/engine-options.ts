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
  /**
   * Lines one order record may have. Routing turns every line into a hold on its SKU; an order with more lines
   * is refused whole as `too-many-lines` (no retry helps: split the order or raise this).
   */
  maxOrderLines: z.number().int().positive().default(1_000),
  /**
   * Events of one SKU applied in one script call. A batch with more (a long order on one SKU) is applied in
   * several calls one after the other, so no call holds Redis long and other SKUs go on between them.
   */
  maxEventsPerApplyCall: z.number().int().positive().default(500),
  /**
   * Relative changes past the settle horizon one script call folds into a position's absolute values. Folding
   * keeps the quantity as it is, so what is left over is folded by the position's next changes.
   */
  maxFoldsPerApplyCall: z.number().int().positive().max(5_000).default(1_000),
  /**
   * Positions of recently applied SKUs kept in memory (see `sku-state-cache.ts`), so that planning a push shortly
   * after an apply reads only the SKU's version instead of every position again. About half a kilobyte each; 0
   * turns it off.
   */
  stateCacheMaxPositions: z.number().int().min(0).default(20_000),
  /** How long a kept state may serve (it is used only while its version is still the stored one). */
  stateCacheMaxAgeMs: z.number().int().min(0).default(10_000),
});
export type EngineOptions = z.input<typeof EngineOptionsSchema>;
export type ResolvedEngineOptions = z.output<typeof EngineOptionsSchema>;
