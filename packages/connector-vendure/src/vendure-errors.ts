import {
  AuthenticationError,
  type ConnectorError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';

/** Lenient: only the fields we read of a GraphQL error (https://spec.graphql.org/October2021/#sec-Errors). */
export const GraphQLErrorSchema = z.object({
  message: z.string().nullish(),
  path: z.array(z.union([z.string(), z.number()])).nullish(),
  extensions: z.object({ code: z.string().nullish() }).loose().nullish(),
});
export type GraphQLError = z.infer<typeof GraphQLErrorSchema>;

export interface VendureErrorContext {
  readonly target: string;
  readonly connection: string;
  readonly secrets: readonly string[];
  readonly bodyText: string;
}

/**
 * Vendure answers GraphQL errors with HTTP 200 and `errors[]`; `extensions.code` says what kind
 * (FORBIDDEN / UNAUTHORIZED: the key or session; INTERNAL_SERVER_ERROR: the server; the rest: our request).
 */
export function vendureErrorFromGraphQL(errors: readonly GraphQLError[], context: VendureErrorContext): ConnectorError {
  const first = errors[0];
  const code = first?.extensions?.code ?? 'UNKNOWN';
  const message = errors.map((error) => error.message ?? '(no message)').join('; ');
  const common = {
    connection: context.connection,
    target: context.target,
    secrets: [...context.secrets],
    vendorStatus: 200,
    vendorBody: context.bodyText,
  };
  if (code === 'FORBIDDEN' || code === 'UNAUTHORIZED') return new AuthenticationError(common);
  if (code === 'INTERNAL_SERVER_ERROR') {
    return new TransientError({ ...common, reason: `Vendure failed internally (${message})` });
  }
  return new RequestRejectedError({ ...common, vendorMessage: `${code}: ${message}` });
}
