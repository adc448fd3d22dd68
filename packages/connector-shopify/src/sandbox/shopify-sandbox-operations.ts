import { isDeepStrictEqual } from 'node:util';
import {
  itemsInOrder,
  type SandboxInventoryItem,
  type ShopifySandboxState,
  sandboxLevelKey,
} from './shopify-sandbox-state.ts';

/** What one operation answered: `data` and the cost it actually used, or GraphQL `errors`. */
export interface OperationAnswer {
  readonly data?: unknown;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  readonly actualCost: number;
}

export interface SandboxOperation {
  /** Points requested before running, by Shopify's rules: object 1, connection 2 + first × node, mutation 10. */
  requestedCost(variables: Record<string, unknown>): number;
  run(variables: Record<string, unknown>, document: string, apiVersion: string): OperationAnswer;
}

const count = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
const cursorOf = (item: SandboxInventoryItem) => Buffer.from(`item:${item.number}`).toString('base64');
const afterNumber = (cursor: unknown) =>
  typeof cursor === 'string' ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('item:', '')) : 0;

/** `InventoryLevel.updatedAt` is non-null in Shopify's schema; a level seeded without a time reads as the epoch. */
const levelUpdatedAt = (state: ShopifySandboxState, itemId: string, locationId: string) =>
  state.levelUpdatedAt.get(sandboxLevelKey(itemId, locationId)) ?? new Date(0).toISOString();

/** Inventory items after a cursor: the connection Shopify pages with `first`/`after`. */
function page(state: ShopifySandboxState, variables: Record<string, unknown>) {
  const first = count(variables.first, 50);
  const after = afterNumber(variables.after);
  const remaining = itemsInOrder(state).filter((item) => item.number > after);
  const nodes = remaining.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: remaining.length > first, endCursor: last === undefined ? null : cursorOf(last) },
  };
}

export function createSandboxOperations(
  state: ShopifySandboxState,
  fileUrl: (name: string) => string,
): Record<string, SandboxOperation> {
  return {
    BulkInventorySnapshot: {
      requestedCost: () => 10,
      run(variables) {
        const number = state.bulkOperations.size + 1;
        const id = `gid://shopify/BulkOperation/${number}`;
        const { jsonLines, objectCount } = bulkInventoryLines(state, String(variables.query ?? ''));
        state.bulkOperations.set(id, {
          id,
          number,
          jsonLines,
          objectCount,
          pollsLeft: state.bulkPollsBeforeCompletion,
        });
        const status = 'CREATED';
        return { data: { bulkOperationRunQuery: { bulkOperation: { id, status }, userErrors: [] } }, actualCost: 10 };
      },
    },
    BulkOperationStatus: {
      requestedCost: () => 1,
      run(variables) {
        const operation = state.bulkOperations.get(String(variables.id));
        if (operation === undefined) return { data: { node: null }, actualCost: 1 };
        const running = operation.pollsLeft > 0;
        if (running) operation.pollsLeft--;
        const node = {
          id: operation.id,
          status: running ? 'RUNNING' : 'COMPLETED',
          errorCode: null,
          objectCount: `${operation.objectCount}`,
          // Shopify gives no file for an operation that found nothing.
          url: running || operation.objectCount === 0 ? null : fileUrl(`${operation.number}.jsonl`),
          partialDataUrl: null,
        };
        return { data: { node }, actualCost: 1 };
      },
    },
    InventoryItemsBySku: {
      // Each node: the item, its variant and the variant's product.
      requestedCost: (variables) => 2 + count(variables.first, 50) * 3,
      run(variables) {
        const { nodes, pageInfo } = page(state, variables);
        const items = nodes.map(({ id, sku, variantId, productId, inventoryPolicy }) => ({
          id,
          sku,
          variant: { id: variantId, inventoryPolicy, product: { id: productId } },
        }));
        return { data: { inventoryItems: { nodes: items, pageInfo } }, actualCost: 2 + nodes.length * 3 };
      },
    },
    InventorySnapshotPage: {
      requestedCost: (variables) => 2 + count(variables.first, 50) * (3 + count(variables.levels, 10) * 3),
      run(variables) {
        const { nodes, pageInfo } = page(state, variables);
        const names = Array.isArray(variables.names) ? (variables.names as string[]) : ['available'];
        const levelsFirst = count(variables.levels, 10);
        let actualCost = 2;
        const items = nodes.map((item) => {
          const levels = [...state.locations]
            .filter((location) => state.levels.has(sandboxLevelKey(item.id, location)))
            .slice(0, levelsFirst)
            .map((location) => {
              const level = state.levels.get(sandboxLevelKey(item.id, location)) ?? {};
              return {
                location: { id: location },
                updatedAt: levelUpdatedAt(state, item.id, location),
                quantities: names.map((name) => ({ name, quantity: level[name] ?? 0 })),
              };
            });
          actualCost += 3 + levels.length * 3;
          return { id: item.id, sku: item.sku, inventoryLevels: { nodes: levels } };
        });
        return { data: { inventoryItems: { nodes: items, pageInfo } }, actualCost };
      },
    },
    CurrentAvailable: {
      requestedCost: (variables) => 1 + (Array.isArray(variables.ids) ? variables.ids.length : 0) * 3,
      run(variables) {
        const ids = Array.isArray(variables.ids) ? (variables.ids as string[]) : [];
        const locationId = String(variables.locationId);
        const nodes = ids.map((id) => {
          if (!state.items.has(id)) return null;
          const level = state.levels.get(sandboxLevelKey(id, locationId));
          return {
            id,
            inventoryLevel:
              level === undefined ? null : { quantities: [{ name: 'available', quantity: level.available ?? 0 }] },
          };
        });
        return { data: { nodes }, actualCost: 1 + ids.length * 3 };
      },
    },
    SetInventoryPolicies: {
      requestedCost: () => 10,
      run: (variables) => ({
        data: { productVariantsBulkUpdate: setInventoryPolicies(state, variables) },
        actualCost: 10,
      }),
    },
    SetAvailableQuantities: {
      requestedCost: () => 10,
      run: (variables, document, apiVersion) => ({
        data: { inventorySetQuantities: setQuantities(state, variables, document, apiVersion) },
        actualCost: 10,
      }),
    },
  };
}

/**
 * `productVariantsBulkUpdate` with `inventoryPolicy` only, as Shopify answers it: the variants must belong to the
 * product, and with `allowPartialUpdates` false (the default) one bad variant refuses the whole update.
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/productVariantsBulkUpdate
 */
function setInventoryPolicies(state: ShopifySandboxState, variables: Record<string, unknown>) {
  const productId = String(variables.productId);
  const inputs = (Array.isArray(variables.variants) ? variables.variants : []) as {
    id?: unknown;
    inventoryPolicy?: unknown;
  }[];
  const items = [...state.items.values()];
  if (!items.some((item) => item.productId === productId)) {
    return {
      productVariants: null,
      userErrors: [{ code: 'PRODUCT_DOES_NOT_EXIST', field: ['productId'], message: 'Product does not exist' }],
    };
  }
  const targets = inputs.map((input) =>
    items.find((item) => item.variantId === input.id && item.productId === productId),
  );
  const userErrors = inputs.flatMap((input, index) => {
    if (targets[index] === undefined) {
      return [
        {
          code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
          field: ['variants', `${index}`, 'id'],
          message: 'Product variant does not exist',
        },
      ];
    }
    if (input.inventoryPolicy !== 'DENY' && input.inventoryPolicy !== 'CONTINUE') {
      return [{ code: 'INVALID', field: ['variants', `${index}`, 'inventoryPolicy'], message: 'Invalid policy' }];
    }
    return [];
  });
  if (userErrors.length > 0) return { productVariants: null, userErrors };
  const productVariants = inputs.map((input, index) => {
    const item = targets[index] as SandboxInventoryItem;
    item.inventoryPolicy = input.inventoryPolicy as 'DENY' | 'CONTINUE';
    return { id: item.variantId, inventoryPolicy: item.inventoryPolicy };
  });
  return { productVariants, userErrors: [] };
}

interface QuantityInput {
  inventoryItemId?: unknown;
  locationId?: unknown;
  quantity?: unknown;
  changeFromQuantity?: unknown;
}

/**
 * `inventorySetQuantities` as Shopify documents it for 2026-04 and later: every quantity carries
 * `changeFromQuantity` (null opts out), a stale one is refused with CHANGE_FROM_QUANTITY_STALE, the idempotency key
 * is required, and the batch is applied all or nothing.
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities
 */
function setQuantities(
  state: ShopifySandboxState,
  variables: Record<string, unknown>,
  document: string,
  apiVersion: string,
) {
  const input = (variables.input ?? {}) as { name?: unknown; reason?: unknown; quantities?: unknown };
  const quantities = (Array.isArray(input.quantities) ? input.quantities : []) as QuantityInput[];
  const userError = (code: string, field: string[], message: string) => ({ code, field, message });
  const keyName = /@idempotent\(key:\s*\$(\w+)\)/.exec(document)?.[1];
  const key = keyName === undefined ? undefined : variables[keyName];
  if (typeof key !== 'string' && apiVersion >= '2026-04') {
    return {
      inventoryAdjustmentGroup: null,
      userErrors: [
        userError('IDEMPOTENCY_KEY_REQUIRED', [], 'The @idempotent directive is required for this mutation'),
      ],
    };
  }
  if (typeof key === 'string') {
    const previous = state.idempotency.get(key);
    if (previous !== undefined) {
      if (isDeepStrictEqual(JSON.parse(previous.input), input)) return previous.answer;
      return {
        inventoryAdjustmentGroup: null,
        userErrors: [
          userError(
            'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
            [],
            'The same idempotency key cannot be used with different operation parameters.',
          ),
        ],
      };
    }
  }
  const errors: ReturnType<typeof userError>[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand') {
    errors.push(
      userError('INVALID_NAME', ['input', 'name'], "The quantity name must be either 'available' or 'on_hand'."),
    );
  }
  quantities.forEach((quantity, index) => {
    const field = (name: string) => ['input', 'quantities', `${index}`, name];
    const itemId = String(quantity.inventoryItemId);
    const locationId = String(quantity.locationId);
    const level = state.levels.get(sandboxLevelKey(itemId, locationId));
    if (!state.items.has(itemId))
      errors.push(
        userError(
          'INVALID_INVENTORY_ITEM',
          field('inventoryItemId'),
          'The specified inventory item could not be found.',
        ),
      );
    else if (!state.locations.has(locationId))
      errors.push(userError('INVALID_LOCATION', field('locationId'), 'The specified location could not be found.'));
    else if (level === undefined)
      errors.push(
        userError(
          'ITEM_NOT_STOCKED_AT_LOCATION',
          field('locationId'),
          'The specified inventory item is not stocked at the location.',
        ),
      );
    else if (typeof quantity.quantity !== 'number' || quantity.quantity < 0)
      errors.push(userError('INVALID_QUANTITY_NEGATIVE', field('quantity'), "The quantity can't be negative."));
    else if (!('changeFromQuantity' in quantity) && apiVersion >= '2026-04')
      errors.push(
        userError(
          'CHANGE_FROM_QUANTITY_REQUIRED',
          field('changeFromQuantity'),
          'changeFromQuantity is required; pass null to opt out of the check.',
        ),
      );
    else if (
      quantity.changeFromQuantity !== null &&
      quantity.changeFromQuantity !== undefined &&
      quantity.changeFromQuantity !== (level[String(input.name)] ?? 0)
    ) {
      errors.push(
        userError(
          'CHANGE_FROM_QUANTITY_STALE',
          field('changeFromQuantity'),
          'The changeFromQuantity value does not match persisted value.',
        ),
      );
    }
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };

  const name = String(input.name);
  const changes = quantities.map((quantity) => {
    const itemId = String(quantity.inventoryItemId);
    const locationId = String(quantity.locationId);
    const level = state.levels.get(sandboxLevelKey(itemId, locationId)) ?? {};
    const delta = Number(quantity.quantity) - Number(level[name] ?? 0);
    level[name] = quantity.quantity;
    // Setting `available` moves `on_hand` by the same delta: the other states hold the rest of on hand.
    if (name === 'available') level.on_hand = Number(level.on_hand ?? 0) + delta;
    state.levels.set(sandboxLevelKey(itemId, locationId), level);
    state.levelUpdatedAt.set(sandboxLevelKey(itemId, locationId), new Date().toISOString());
    return { name, delta, quantityAfterChange: quantity.quantity, item: { id: itemId }, location: { id: locationId } };
  });
  state.quantitiesWritten += quantities.length;
  state.mutationsApplied++;
  const answer = {
    inventoryAdjustmentGroup: { id: `gid://shopify/InventoryAdjustmentGroup/${state.mutationsApplied}`, changes },
    userErrors: [],
  };
  if (typeof key === 'string') state.idempotency.set(key, { input: JSON.stringify(input), answer });
  return answer;
}

/**
 * The JSON Lines a bulk inventory query writes, ungrouped as Shopify writes them from 2026-01 (`groupObjects`
 * false): every item, then every level with `__parentId` (and the level's `item`, when the query selects it), so
 * a level is far from its item's line, as it may be at Shopify. Built as bytes a slice at a time: a million levels are about half a
 * gigabyte, more than one JavaScript string may hold.
 * https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format
 */
function bulkInventoryLines(state: ShopifySandboxState, query: string) {
  const namesText = /quantities\(names:\s*(\[[^\]]*\])\)/.exec(query)?.[1] ?? '["available"]';
  const names = JSON.parse(namesText) as string[];
  const levelNamesItem = /item\s*\{\s*id\s+sku\s*\}/.test(query);
  const slices: Buffer[] = [];
  let lines: string[] = [];
  let objectCount = 0;
  const write = (value: unknown) => {
    lines.push(JSON.stringify(value));
    objectCount++;
    if (lines.length === 10_000) flush();
  };
  const flush = () => {
    if (lines.length > 0) slices.push(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
    lines = [];
  };
  const items = itemsInOrder(state);
  for (const item of items) write(levelNamesItem ? { id: item.id } : { id: item.id, sku: item.sku });
  for (const item of items) {
    for (const location of state.locations) {
      const level = state.levels.get(sandboxLevelKey(item.id, location));
      if (level === undefined) continue;
      const quantities = names.map((name) => ({ name, quantity: level[name] ?? 0 }));
      const updatedAt = levelUpdatedAt(state, item.id, location);
      write({
        location: { id: location },
        ...(levelNamesItem ? { item: { id: item.id, sku: item.sku } } : {}),
        updatedAt,
        quantities,
        __parentId: item.id,
      });
    }
  }
  flush();
  return { jsonLines: Buffer.concat(slices), objectCount };
}
