import type { ResolvedRateLimitPolicy } from '@stockwire/connector-kit';
import type { ConnectorV2 } from '@stockwire/connector-spec';
import type { Engine } from '@stockwire/engine';
import type { StockwireConfiguration } from '@stockwire/model';
import type { Queue } from 'bullmq';
import type { ConfigurationHistory } from '../config/configuration-history.ts';
import type { DashboardSampler } from '../observability/dashboard-sampler.ts';

/**
 * What the dashboard's routes read, declared here so that the dashboard depends on no runtime: the HTTP server
 * hands it the runner, which has all of it. (The runner creates the dashboard's sampler, so the runtime sits
 * beside the dashboard, not under it.)
 */
export interface DashboardSource {
  readonly configuration: StockwireConfiguration;
  readonly options: { readonly shadow: boolean };
  readonly connections: ReadonlyMap<
    string,
    {
      readonly name: string;
      readonly connector: ConnectorV2;
      readonly limiter: { readonly policy: ResolvedRateLimitPolicy } | undefined;
    }
  >;
  readonly timeSeries: Pick<DashboardSampler, 'intervalMs' | 'samples'>;
  readonly deadLetters: { count(): Promise<number> };
  /** For the replenishment page: live positions and the ledger's sales; for the configuration preview, positions. */
  readonly engine: Pick<Engine, 'quantities' | 'unitsSoldByLocation' | 'position'>;
  readonly configurationHistory: Pick<ConfigurationHistory, 'list'>;
}

/** The queues bull-board shows. */
export interface QueueBoardSource {
  readonly queues: ReadonlyMap<string, Queue>;
}
