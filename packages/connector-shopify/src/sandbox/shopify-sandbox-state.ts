/** One inventory item as the store keeps it. */
export interface SandboxInventoryItem {
  readonly id: string;
  /** Numeric part of the id: the paging order. */
  readonly number: number;
  readonly sku: string;
  /** Its product variant (one variant per product in the sandbox) and the variant's product. */
  readonly variantId: string;
  readonly productId: string;
  /** `DENY` (stop selling at zero, Shopify's default) or `CONTINUE` (keep selling: backorders, preorders). */
  inventoryPolicy: 'DENY' | 'CONTINUE';
}

/** A bulk operation: its JSON Lines are written when it starts, and it reports RUNNING for `pollsLeft` polls. */
export interface SandboxBulkOperation {
  readonly id: string;
  readonly number: number;
  /** The file's bytes (UTF-8): a large store's file is longer than a JavaScript string can be. */
  readonly jsonLines: Uint8Array;
  readonly objectCount: number;
  pollsLeft: number;
}

/** A committed `inventorySetQuantities` answer, replayed for a repeated idempotency key. */
interface IdempotentAnswer {
  readonly input: string;
  readonly answer: unknown;
}

export interface ShopifySandboxState {
  readonly items: Map<string, SandboxInventoryItem>;
  readonly locations: Set<string>;
  /** The app installation's granted Admin API scopes (`currentAppInstallation.accessScopes`); tests may remove some. */
  readonly accessScopes: string[];
  /** Named quantities per `item@location`; a value is stored as given, so tests can seed unreadable data. */
  readonly levels: Map<string, Record<string, unknown>>;
  /** When each level last changed (`InventoryLevel.updatedAt`), ISO 8601, per `item@location`. */
  readonly levelUpdatedAt: Map<string, string>;
  readonly idempotency: Map<string, IdempotentAnswer>;
  readonly bulkOperations: Map<string, SandboxBulkOperation>;
  /** How many status polls a new bulk operation answers RUNNING before COMPLETED. */
  bulkPollsBeforeCompletion: number;
  nextNumber: number;
  /** Quantities applied by `inventorySetQuantities` calls. */
  quantitiesWritten: number;
  /** `inventorySetQuantities` calls that changed something. */
  mutationsApplied: number;
  /** Calls answered THROTTLED. */
  throttled: number;
  /** Every GraphQL operation answered, in order, and whether it ran or was THROTTLED. */
  readonly answered: { readonly operation: string; readonly outcome: 'ran' | 'throttled' }[];
}

/** The scopes the README asks the custom app for: the sandbox's app has them all unless a test removes one. */
const sandboxGrantedScopes = ['read_inventory', 'write_inventory', 'read_products', 'read_orders'];

export function createSandboxState(): ShopifySandboxState {
  return {
    items: new Map(),
    locations: new Set(),
    accessScopes: [...sandboxGrantedScopes],
    levels: new Map(),
    levelUpdatedAt: new Map(),
    idempotency: new Map(),
    bulkOperations: new Map(),
    bulkPollsBeforeCompletion: 0,
    nextNumber: 1,
    quantitiesWritten: 0,
    mutationsApplied: 0,
    throttled: 0,
    answered: [],
  };
}

export function clearSandboxState(state: ShopifySandboxState): void {
  state.items.clear();
  state.locations.clear();
  state.accessScopes.splice(0, state.accessScopes.length, ...sandboxGrantedScopes);
  state.levels.clear();
  state.levelUpdatedAt.clear();
  state.idempotency.clear();
  state.bulkOperations.clear();
  state.bulkPollsBeforeCompletion = 0;
  state.nextNumber = 1;
  state.quantitiesWritten = 0;
  state.mutationsApplied = 0;
  state.throttled = 0;
  state.answered.length = 0;
}

export const sandboxLevelKey = (itemId: string, locationId: string) => `${itemId}@${locationId}`;

export function itemsInOrder(state: ShopifySandboxState): SandboxInventoryItem[] {
  return [...state.items.values()].sort((left, right) => left.number - right.number);
}
