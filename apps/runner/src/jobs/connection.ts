import type { RateLimiter } from '@stockwire/connector-kit';
import type { ConnectorV2 } from '@stockwire/connector-spec';

/**
 * What a job needs of one configured connection: its connector and the rate limiter it shares in Redis. The
 * runtime's `ConnectionRuntime` adds what only the process itself reads (the limiter usage for the dashboard).
 */
export interface PipelineConnection {
  readonly name: string;
  readonly connector: ConnectorV2;
  /** Shared by every runner process through Redis; absent when the connector declares no limits. */
  readonly limiter: RateLimiter | undefined;
}
