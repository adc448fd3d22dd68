import { z } from 'zod';

/** A secret is never written into configuration: it names the environment variable that holds it. */
export const SecretReferenceSchema = z.strictObject({
  env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name in capitals, e.g. SHOPIFY_ACCESS_TOKEN'),
});
export type SecretReference = z.infer<typeof SecretReferenceSchema>;
