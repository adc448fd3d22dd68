/** One FBM offer: the quantity Amazon shows for a seller SKU in one marketplace. */
export interface SandboxListing {
  readonly sku: string;
  readonly marketplaceId: string;
  productType: string;
  quantity: number | undefined;
  /** The offer's handling time (`lead_time_to_ship_max_days`); undefined: Amazon's default. */
  leadTimeToShipMaxDays?: number | undefined;
}

export interface SandboxFeedMessage {
  readonly messageId: number;
  readonly sku: string;
}

export interface SandboxFeed {
  readonly feedId: string;
  readonly feedType: string;
  readonly marketplaceIds: readonly string[];
  readonly inputFeedDocumentId: string;
  readonly createdAt: number;
  processingStatus: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
  processingStartTime?: number;
  processingEndTime?: number;
  resultFeedDocumentId?: string;
}

export interface SandboxDocument {
  readonly feedDocumentId: string;
  readonly contentType: string;
  content: string | undefined;
  /** Result documents are served gzip-compressed, as Amazon serves processing reports. */
  readonly compressed: boolean;
}

export interface SandboxRejection {
  readonly code: string;
  readonly message: string;
}

/** What the sandbox's Amazon holds: copied in and out by its handlers, inspected by tests. */
export interface AmazonSandboxState {
  readonly listings: Map<string, SandboxListing>;
  /** FBA inventory summaries per marketplace, as raw objects so tests can plant unreadable ones. */
  readonly inventory: Map<string, unknown[]>;
  readonly feeds: Map<string, SandboxFeed>;
  readonly documents: Map<string, SandboxDocument>;
  /** Orders as searchOrders returns them (orders_2026-01-01 Order objects), kept raw. */
  readonly orders: unknown[];
  /** SKUs whose next feed message or patch Amazon rejects, with the issue it reports. */
  readonly rejections: Map<string, SandboxRejection>;
  /** Quantity writes Amazon applied (one per accepted patch or feed message that carried a quantity). */
  writes: number;
  nextIdentifier: number;
}

export const listingKey = (marketplaceId: string, sku: string) => `${marketplaceId}\u0000${sku}`;

export function createSandboxState(): AmazonSandboxState {
  return {
    listings: new Map(),
    inventory: new Map(),
    feeds: new Map(),
    documents: new Map(),
    rejections: new Map(),
    orders: [],
    writes: 0,
    nextIdentifier: 50_001,
  };
}

export function resetSandboxState(state: AmazonSandboxState): void {
  state.listings.clear();
  state.inventory.clear();
  state.feeds.clear();
  state.documents.clear();
  state.rejections.clear();
  state.orders.length = 0;
  state.writes = 0;
}
