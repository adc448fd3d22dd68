import { z } from 'zod';
import { LocationIdSchema } from './identifiers.ts';

export const locationKinds = ['warehouse', 'store', '3pl', 'marketplace-fulfilled', 'dropship'] as const;
export const LocationKindSchema = z.enum(locationKinds);
export type LocationKind = z.infer<typeof LocationKindSchema>;

export const LocationSchema = z.strictObject({
  id: LocationIdSchema,
  name: z.string().min(1).optional(),
  kind: LocationKindSchema,
  /** Free-form region code used by order routing to prefer nearby stock, e.g. `eu-west`, `us-east`. */
  region: z.string().min(1).optional(),
  /** Lower numbers are used first when routing orders. */
  priority: z.number().int().min(0).default(100),
  /** An offline location contributes nothing to channels and receives no new reservations. */
  status: z.enum(['active', 'offline']).default('active'),
});
export type Location = z.infer<typeof LocationSchema>;
export type LocationInput = z.input<typeof LocationSchema>;
