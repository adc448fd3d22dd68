import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

/** Test fixture: the settings of the imaginary "Fixture Commerce" connection. */
export const FixtureSettingsSchema = z.strictObject({
  signingSecret: SecretReferenceSchema,
  baseUrl: z.url().optional(),
  pushBatchSize: z.int().min(1).default(100),
  /** Poll `GET {baseUrl}/orders` for orders (the `orders` capability), as a marketplace without order webhooks. */
  pollOrders: z.boolean().default(false),
  rateLimit: z.strictObject({ ratePerSecond: z.number().positive(), burst: z.number().positive() }).optional(),
});
export type FixtureSettings = z.infer<typeof FixtureSettingsSchema>;

export const fixtureHeaders = {
  signature: 'x-fixture-signature',
  delivery: 'x-fixture-delivery',
  topic: 'x-fixture-topic',
} as const;
