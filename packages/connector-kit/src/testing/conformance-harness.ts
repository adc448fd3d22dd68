import type {
  ConnectorCapabilityDescriptionV2,
  ConnectorV2,
  PushItemV2,
  RawWebhookV2,
} from '@stockwire/connector-spec';
import type { QuantityState, StockwireConfiguration } from '@stockwire/model';

/** A quantity state the remote keeps, or `available` for remotes that only show what can be sold. */
export type ConformanceQuantityState = QuantityState | 'available';

/**
 * One inventory record in canonical names (SKU id, location id) and the connection's units. The harness writes
 * it into its sandbox under the connection's own names, the way the vendor would hold it.
 */
export interface ConformanceInventoryRecord {
  readonly sku: string;
  readonly location: string;
  readonly quantities: Readonly<Partial<Record<ConformanceQuantityState, number>>>;
}

/** One change made at the remote (a count correction, a sale, an adjustment): `change` units at a SKU and location. */
export interface ConformanceRemoteChange {
  readonly sku: string;
  readonly location: string;
  /** Never zero. */
  readonly change: number;
}

/**
 * Input the connection cannot map, added beside well-formed input: one item under a SKU no alias maps
 * (`unmapped-sku`) and one at a location the connection does not map (`unmapped-location`).
 */
export type ConformanceInputFlaw = 'unmapped-sku' | 'unmapped-location';

export interface ConformanceInputOptions {
  readonly flaws?: readonly ConformanceInputFlaw[];
  /**
   * For `signedWebhook`: the delivery names this one canonical SKU alone, carried exactly as the clean delivery
   * carries its first SKU (same location, same quantities in the connection's units). The unit check asks for a
   * 1:1 SKU and for the case-packed one and compares what the connector reports for each.
   */
  readonly sku?: string;
}

/** What the remote shows for one channel SKU after pushes: canonical names, the connection's units (cases stay cases). */
export interface ConformancePublishedQuantity {
  readonly channel: string;
  readonly sku: string;
  readonly location?: string | undefined;
  readonly quantity: number;
}

/** The typed error a push item the remote cannot take must fail with. */
export type ConformanceItemErrorName = 'UnmappedSkuError' | 'UnmappedLocationError' | 'PermanentItemError';

export interface ConformanceUnpushableItem {
  readonly item: Omit<PushItemV2, 'key'>;
  readonly expectedError: ConformanceItemErrorName;
}

/**
 * What the harness's sandbox can simulate, declared as data: checks that need a simulation the sandbox lacks are
 * not registered (they do not pass vacuously), and a declared simulation must come with its method.
 */
export interface ConformanceSimulations {
  /** Every call is answered "too many requests" with a Retry-After (`injectRateLimitStorm`). */
  readonly rateLimitStorm: boolean;
  /** Connections are refused or dropped (`injectConnectionFaults`). */
  readonly connectionFaults: boolean;
  /** Every call is answered with a 5xx, as a vendor having an outage does (`injectServerErrorStorm`). */
  readonly serverErrorStorm?: boolean;
  /** The remote holds or sends data the connector cannot read (`seedMalformedRemoteData`). */
  readonly malformedPayloads: boolean;
}

/**
 * A remote that stops answering: every harness whose connector reaches a network must provide it (the hang check
 * has no simulation flag). With the kit's sandbox server, `inject` is `server.faults.hangNext(10_000)` and
 * `clearFaults` its `faults.clear()`; the connector under test is created with this short request timeout.
 */
export interface ConformanceHangs {
  /** The request timeout (`requestTimeoutMs` setting) the harness creates its connector with; at most 5 000 ms. */
  readonly requestTimeoutMs: number;
  /** From now on every request is accepted and never answered, until `clearFaults`. */
  inject(): Promise<void>;
}

/**
 * The bridge between the conformance suite and one connector's sandbox. Each connector test implements it;
 * the suite never touches the sandbox except through it. All names crossing it are canonical; the harness
 * translates to the vendor's names with the same configuration the connector is given.
 */
export interface ConnectorConformanceHarness<Cursor = unknown> {
  /** Shown in test names, e.g. `file connector over SFTP`. */
  readonly name: string;
  /** The capabilities the connector must declare: a connector that drifts from them fails the first check. */
  readonly capabilities: ConnectorCapabilityDescriptionV2;
  /** The configuration the connector's mapping is built from (see `createConformanceConfiguration`). */
  readonly configuration: StockwireConfiguration;
  readonly connection: string;
  readonly simulates: ConformanceSimulations;
  /** The quantity states the remote keeps and reports back, e.g. `['onHand', 'committed']` or `['available']`. */
  readonly inventoryStates: readonly ConformanceQuantityState[];
  /**
   * With push and snapshot, when the snapshot reads what push writes (a store's level): the state a pushed quantity
   * shows in, e.g. `available`. Absent when they are different data (a file export beside an inventory file, a
   * listing beside a fulfilment centre's stock), and only then: the unit check reads pushes back through it.
   */
  readonly snapshotShowsPushesAs?: ConformanceQuantityState;
  /**
   * How many locations one webhook delivery can name: `one` for vendors whose deliveries carry a single location (a
   * ShipBob shipment leaves one fulfilment centre). With `one`, the unmapped-names check asks for a delivery with
   * an unmapped SKU and another with an unmapped location instead of one with both. Default `many`.
   */
  readonly webhookLocations?: 'many' | 'one';
  /**
   * Required of every connector that reaches a vendor over a network: how the sandbox hangs, and the request
   * timeout the connector is created with. Without it the hang check fails and says what to add.
   */
  readonly hangs?: ConformanceHangs;
  /**
   * `false` only for a connector that reaches nothing over a network (the file connector on a local folder): the
   * hang check is then not registered. Default true.
   */
  readonly reachesNetwork?: boolean;

  /** Starts shared resources (a server) once before the checks. */
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
  /** Empties the remote and clears every fault: each check starts from a fresh remote. */
  resetRemote(): Promise<void>;
  /**
   * A new connector instance with a mapping built by `createConnectionMapping(buildCatalog(configuration),
   * connection)`. Nothing may be shared with earlier instances but the remote itself (that is what a crash is).
   */
  createConnector(): ConnectorV2<Cursor>;
  /** Required with the check capability: a connector like createConnector's whose credentials the remote refuses. */
  createConnectorWithWrongCredentials?(): ConnectorV2<Cursor>;

  /** Required with the snapshot capability: makes the remote hold exactly these records (and any flaws). */
  seedRemoteInventory?(
    records: readonly ConformanceInventoryRecord[],
    options?: ConformanceInputOptions,
  ): Promise<void>;
  /**
   * Required with the changes capability: each change must surface as exactly one event. Changes are in the
   * connection's units (2 of the case-packed SKU is 2 cases).
   */
  appendRemoteChanges?(changes: readonly ConformanceRemoteChange[], options?: ConformanceInputOptions): Promise<void>;

  /** Required with the push capability: what the remote shows now. */
  readPublishedQuantities?(): Promise<readonly ConformancePublishedQuantity[]>;
  /** Required with the push capability: how many writes of quantities the remote has received so far. */
  countRemoteWrites?(): Promise<number>;
  /** Required with the push capability: an item the remote cannot take, and the typed error it must fail with. */
  unpushableItem?(): ConformanceUnpushableItem;

  /** With `simulates.rateLimitStorm`: every call is refused with this wait, in the vendor's own form. */
  injectRateLimitStorm?(options: { readonly retryAfterMs: number }): Promise<void>;
  /** With `simulates.connectionFaults`: every connection is refused or dropped. */
  injectConnectionFaults?(): Promise<void>;
  /** With `simulates.serverErrorStorm`: every call is answered 500/502/503 in the vendor's own form. */
  injectServerErrorStorm?(): Promise<void>;
  /** Removes injected faults; the remote keeps its data. */
  clearFaults?(): Promise<void>;
  /** With `simulates.malformedPayloads`: the remote holds (snapshot) or sends (changes) unreadable data. */
  seedMalformedRemoteData?(target: 'snapshot' | 'changes'): Promise<void>;

  /**
   * Required with the webhooks capability: a delivery signed as the vendor signs it, whose output may be events,
   * orders or records (what the remote shows, e.g. Square's `inventory.count.updated`). Must honour `options.sku`.
   */
  signedWebhook?(options?: ConformanceInputOptions): RawWebhookV2;
  /** Required with the webhooks capability: a signed delivery whose body was changed after signing. */
  tamperedWebhook?(): RawWebhookV2;
  /** With webhooks and `simulates.malformedPayloads`: a correctly signed delivery whose body cannot be read. */
  malformedWebhook?(): RawWebhookV2;
}
