import { MalformedPayloadError } from '@stockwire/connector-spec';
import type { z } from 'zod';

/** Reads an SP-API answer with a lenient schema; an unreadable one is a MalformedPayloadError naming the path. */
export function readAmazonAnswer<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  connection: string,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw MalformedPayloadError.fromZodError(what, parsed.error, { connection, vendorBody: value });
}
