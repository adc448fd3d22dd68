import type { SandboxOrder } from './square-sandbox-orders.ts';

/**
 * What the local Square seller account holds, in Square's own wire shapes (snake_case), so handlers answer with
 * exactly what they store.
 */
export interface SandboxVariation {
  readonly id: string;
  readonly itemId: string;
  readonly sku: string | undefined;
  readonly updatedAt: string;
}

export interface SandboxCount {
  readonly catalog_object_id: string;
  readonly catalog_object_type: 'ITEM_VARIATION';
  readonly state: string;
  readonly location_id: string;
  readonly quantity: string;
  readonly calculated_at: string;
}

/** One InventoryChange as Square returns it from BatchRetrieveInventoryChanges. */
export interface SandboxChange {
  readonly type: 'PHYSICAL_COUNT' | 'ADJUSTMENT';
  readonly physical_count?: Record<string, unknown>;
  readonly adjustment?: Record<string, unknown>;
  /** Server time the change was received: what `updated_after` filters on. */
  readonly createdAt: string;
  /** Client time it happened: what results are sorted by. */
  readonly occurredAt: string;
  readonly id: string;
}

export interface SandboxIdempotentAnswer {
  readonly requestText: string;
  readonly status: number;
  readonly body: unknown;
}

export interface SquareSandboxState {
  readonly locations: Map<string, { id: string; name: string }>;
  readonly variations: Map<string, SandboxVariation>;
  /** Keyed by `variation@location@state`. */
  readonly counts: Map<string, SandboxCount>;
  readonly changes: SandboxChange[];
  readonly idempotency: Map<string, SandboxIdempotentAnswer>;
  /** Orders by id (online orders, e.g. held for pickup). */
  readonly orders: Map<string, SandboxOrder>;
  /** Physical counts applied through BatchChangeInventory (unchanged counts skipped by Square are not). */
  physicalCountsWritten: number;
  nextNumber: number;
}

export function createSandboxState(): SquareSandboxState {
  return {
    locations: new Map(),
    variations: new Map(),
    counts: new Map(),
    changes: [],
    idempotency: new Map(),
    orders: new Map(),
    physicalCountsWritten: 0,
    nextNumber: 1,
  };
}

export function clearSandboxState(state: SquareSandboxState): void {
  state.locations.clear();
  state.variations.clear();
  state.counts.clear();
  state.changes.length = 0;
  state.idempotency.clear();
  state.orders.clear();
  state.physicalCountsWritten = 0;
}

export const countKey = (variation: string, location: string, state: string) => `${variation}@${location}@${state}`;

/** Square's ids are 13–32 upper-case alphanumerics; these are recognisable and unique within a sandbox. */
export function sandboxId(state: SquareSandboxState, prefix: string): string {
  const number = state.nextNumber++;
  return `${prefix}${String(number).padStart(8, '0')}`.toUpperCase();
}

/** Opaque cursors, as Square's are: the offset into a stable ordering, plus a check of the query they belong to. */
export function encodeCursor(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ offset, query }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown, query: string): number | 'invalid' {
  if (cursor === undefined || cursor === null) return 0;
  try {
    const decoded = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as {
      offset?: unknown;
      query?: unknown;
    };
    if (typeof decoded.offset !== 'number' || decoded.query !== query) return 'invalid';
    return decoded.offset;
  } catch {
    return 'invalid';
  }
}

/** Square's error list, as every failed answer carries it. */
export function squareErrors(
  status: number,
  errors: ReadonlyArray<{ category?: string; code: string; detail: string; field?: string }>,
) {
  return {
    status,
    body: {
      errors: errors.map((error) => ({
        category: error.category ?? 'INVALID_REQUEST_ERROR',
        code: error.code,
        detail: error.detail,
        ...(error.field === undefined ? {} : { field: error.field }),
      })),
    },
  };
}
