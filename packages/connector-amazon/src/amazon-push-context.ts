import type { ConnectionMappingV2 } from '@stockwire/connector-spec';
import type { AmazonClient } from './amazon-client.ts';
import type { AmazonFeedLedger } from './amazon-feed-ledger.ts';
import type { AmazonConnectorSettings } from './amazon-settings.ts';

/** What the push functions share. */
export interface AmazonPushContext {
  readonly client: AmazonClient;
  readonly settings: AmazonConnectorSettings;
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly ledger: AmazonFeedLedger;
}

/** One push item translated to Amazon's names. */
export interface AmazonPushEntry {
  readonly key: string;
  readonly sku: string;
  readonly marketplaceId: string;
  /** What Amazon is to show (see map-amazon-listing-status.ts); its quantity is the item's result. */
  readonly quantity: number;
  readonly leadTimeToShipMaxDays?: number | undefined;
  readonly expectedRemote?: number | undefined;
}
