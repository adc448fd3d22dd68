import { createHttpClient, type HttpClient, readSecret } from '@stockwire/connector-kit';
import { MalformedPayloadError, RateLimitedError, type RateLimiterV2 } from '@stockwire/connector-spec';
import { type ZodType, z } from 'zod';
import { GraphQLErrorSchema, vendureErrorFromGraphQL } from './vendure-errors.ts';
import type { VendureOperation } from './vendure-rate-limits.ts';
import { type VendureConnectorSettings, vendureConfigurationError } from './vendure-settings.ts';

export interface VendureClient {
  /** One Admin API document; GraphQL `errors[]` become typed errors, `data` is read through `dataSchema`. */
  request<Data>(
    operation: VendureOperation,
    document: string,
    variables: object,
    dataSchema: ZodType<Data>,
  ): Promise<Data>;
}

export interface VendureClientOptions {
  readonly settings: VendureConnectorSettings;
  readonly connection: string;
  readonly environment: NodeJS.ProcessEnv;
  readonly limiter?: RateLimiterV2 | undefined;
}

const EnvelopeSchema = z.object({ data: z.unknown().nullish(), errors: z.array(GraphQLErrorSchema).nullish() });

/**
 * Every call to the Admin API: the credential read at call time, one ask of the shared limiter (a refusal is a
 * RateLimitedError, never a sleep), the kit's HTTP client (never retries; timeouts and resets are retryable typed
 * errors), the channel token on every request, and GraphQL errors read into typed errors.
 */
export function createVendureClient(options: VendureClientOptions): VendureClient {
  const { settings, connection, limiter } = options;
  let http: HttpClient | undefined;
  const clientFor = () => {
    http ??= createHttpClient({
      baseURL: settings.adminApiUrl,
      connection,
      timeoutMs: settings.requestTimeoutMs,
      headers: { accept: 'application/json', 'user-agent': 'stockwire-connector-vendure' },
      sensitiveHeaders: [
        'vendure-api-key',
        settings.authentication.kind === 'api-key' ? settings.authentication.header : 'authorization',
      ],
    });
    return http;
  };
  const credentialHeaders = (): Record<string, string> => {
    const missing = (problem: string) => vendureConfigurationError(connection, problem);
    const authentication = settings.authentication;
    return authentication.kind === 'api-key'
      ? {
          [authentication.header]: readSecret(
            authentication.apiKey,
            'authentication.apiKey',
            options.environment,
            missing,
          ),
        }
      : {
          authorization: `Bearer ${readSecret(authentication.token, 'authentication.token', options.environment, missing)}`,
        };
  };

  return {
    async request(operation, document, variables, dataSchema) {
      const credentials = credentialHeaders();
      const decision = await limiter?.acquire(operation);
      if (decision !== undefined && !decision.granted) {
        throw new RateLimitedError({
          connection,
          retryAfterMs: decision.waitMs,
          target: operation,
          refusedBy: 'shared-limiter',
        });
      }
      try {
        const headers = {
          ...credentials,
          ...(settings.channel === undefined ? {} : { 'vendure-token': settings.channel }),
        };
        const response = await clientFor().post('', {
          operation,
          headers,
          body: { query: document, variables },
          responseSchema: EnvelopeSchema,
        });
        await limiter?.observe({ operation, status: response.status, headers: response.headers });
        const target = `Admin API ${operation}`;
        const errors = response.data.errors ?? [];
        if (errors.length > 0) {
          throw vendureErrorFromGraphQL(errors, {
            target,
            connection,
            secrets: Object.values(credentials),
            bodyText: response.bodyText,
          });
        }
        const parsed = dataSchema.safeParse(response.data.data);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new MalformedPayloadError({
            connection,
            what: `the answer to ${target}`,
            path: issue?.path.join('.') || '(root)',
            problem: issue?.message ?? 'unreadable',
            vendorStatus: response.status,
            vendorBody: response.bodyText,
          });
        }
        return parsed.data;
      } catch (error) {
        if (RateLimitedError.isInstance(error) && error.refusedBy === 'vendor') {
          await limiter?.pause(operation, error.retryAfterMs);
        }
        throw error;
      } finally {
        await decision?.release();
      }
    },
  };
}
