import { createRequire } from 'node:module';
import { MalformedPayloadError, RateLimitedError, type RateLimiterV2 } from '@stockwire/connector-spec';
import { AmazonEndpointAgent } from './amazon-endpoint.ts';
import { amazonAnswerError, amazonErrorCode, amazonThrownError } from './amazon-errors.ts';
import { type AmazonOperation, amazonPublishedLimits } from './amazon-rate-limits.ts';
import { type AmazonConnectorSettings, readSecret } from './amazon-settings.ts';

/** The part of amazon-sp-api's SellingPartner this connector uses. */
interface SellingPartnerClient {
  callAPI(request: Record<string, unknown>): Promise<RawResult>;
  upload(details: { url: string }, feed: { content: string; contentType: string }): Promise<unknown>;
  download(details: { url: string; compressionAlgorithm?: string }, options?: { json?: boolean }): Promise<unknown>;
}
interface RawResult {
  readonly body: string;
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
}
type SellingPartnerConstructor = new (config: Record<string, unknown>) => SellingPartnerClient;

// amazon-sp-api is CommonJS whose typings describe every operation generically; this connector reads raw answers
// itself (status, rate header, body), so the typed overloads add nothing but friction.
const { SellingPartner } = createRequire(import.meta.url)('amazon-sp-api') as {
  SellingPartner: SellingPartnerConstructor;
};

/** API versions pinned explicitly, never the SDK's "oldest that has the operation" default. */
const endpointVersions = { listingsItems: '2021-08-01', feeds: '2021-06-30', fbaInventory: 'v1', orders: '2026-01-01' };

export interface AmazonCall {
  readonly operation: AmazonOperation;
  readonly endpoint: keyof typeof endpointVersions;
  readonly path?: Record<string, string>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
  /** What this call is about, for error messages: `PATCH listings item SKU-1`. */
  readonly target: string;
}

export interface AmazonClientOptions {
  readonly settings: AmazonConnectorSettings;
  readonly connection: string;
  readonly environment: NodeJS.ProcessEnv;
  /** The kit's shared limiter: asked before every call, told every answer. */
  readonly limiter?: RateLimiterV2 | undefined;
}

export interface AmazonClient {
  /** Calls one operation and returns the parsed JSON body of a 2xx answer; anything else throws a typed error. */
  call(call: AmazonCall): Promise<unknown>;
  uploadDocument(url: string, content: string, contentType: string): Promise<void>;
  downloadDocument(url: string, compressionAlgorithm: string | undefined): Promise<string>;
  /** Closes the kept-alive connections to the `endpoint` setting's address (nothing to do without one). */
  close(): void;
}

/** SP-API through amazon-sp-api, with its own retries and sleeps switched off: the runner decides. */
export function createAmazonClient(options: AmazonClientOptions): AmazonClient {
  const { settings, connection, environment, limiter } = options;
  let sellingPartner: SellingPartnerClient | undefined;
  // The SDK's only transport option is an agent: the `endpoint` setting becomes one, owned by this client.
  const agent = settings.endpoint === undefined ? undefined : new AmazonEndpointAgent(settings.endpoint);
  const client = () => {
    sellingPartner ??= new SellingPartner({
      region: settings.region,
      refresh_token: readSecret(settings.refreshToken, 'refreshToken', environment, connection),
      credentials: {
        SELLING_PARTNER_APP_CLIENT_ID: readSecret(settings.clientId, 'clientId', environment, connection),
        SELLING_PARTNER_APP_CLIENT_SECRET: readSecret(settings.clientSecret, 'clientSecret', environment, connection),
      },
      endpoints_versions: endpointVersions,
      options: {
        auto_request_tokens: true,
        auto_request_throttled: false,
        version_fallback: false,
        retry_remote_timeout: false,
        timeouts: { deadline: settings.timeoutMs },
        ...(agent === undefined ? {} : { https_proxy_agent: agent }),
      },
    });
    return sellingPartner;
  };

  return {
    async call(call) {
      const publishedRate = amazonPublishedLimits[call.operation].ratePerSecond;
      const decision = limiter === undefined ? undefined : await limiter.acquire(call.operation);
      if (decision !== undefined && !decision.granted) {
        throw new RateLimitedError({
          connection,
          target: call.target,
          retryAfterMs: decision.waitMs,
          refusedBy: 'shared-limiter',
        });
      }
      try {
        let raw: RawResult;
        try {
          raw = await client().callAPI({
            operation: call.operation,
            endpoint: call.endpoint,
            ...(call.path === undefined ? {} : { path: call.path }),
            ...(call.query === undefined ? {} : { query: call.query }),
            ...(call.body === undefined ? {} : { body: call.body }),
            options: { version: endpointVersions[call.endpoint], raw_result: true },
          });
        } catch (error) {
          throw amazonThrownError(error, { target: call.target, connection });
        }
        const headers = flattenHeaders(raw.headers);
        const answer = { status: raw.statusCode, headers, body: raw.body };
        await limiter?.observe({
          operation: call.operation,
          status: raw.statusCode,
          headers,
          errorCode: raw.statusCode >= 400 ? amazonErrorCode(raw.body).code : undefined,
        });
        if (raw.statusCode < 200 || raw.statusCode >= 300) {
          throw amazonAnswerError(answer, { target: call.target, connection, publishedRate });
        }
        return raw.body === '' ? {} : parseJson(raw.body, call.target, connection);
      } finally {
        if (decision?.granted) await decision.release();
      }
    },
    async uploadDocument(url, content, contentType) {
      try {
        await client().upload({ url }, { content, contentType });
      } catch (error) {
        throw amazonThrownError(error, { target: 'upload of the feed document', connection });
      }
    },
    async downloadDocument(url, compressionAlgorithm) {
      try {
        const details = compressionAlgorithm === undefined ? { url } : { url, compressionAlgorithm };
        return String(await client().download(details, { json: false }));
      } catch (error) {
        throw amazonThrownError(error, { target: 'download of the processing report', connection });
      }
    },
    close() {
      agent?.destroy();
    },
  };
}

function flattenHeaders(headers: RawResult['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseJson(body: string, target: string, connection: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedPayloadError({
      connection,
      what: `the answer of ${target}`,
      path: '$',
      problem: 'not JSON',
      vendorBody: body,
    });
  }
}
