import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { wireChange } from './square-sandbox-inventory.ts';
import {
  countKey,
  type SandboxChange,
  type SquareSandboxState,
  sandboxId,
  squareErrors,
} from './square-sandbox-state.ts';

type Body = Record<string, unknown>;
type SquareErrorInput = { category?: string; code: string; detail: string; field?: string };
const dayMs = 24 * 60 * 60 * 1_000;
const decimal = /^\d{1,20}(\.\d{1,5})?$/;
/** The Inventory API may only move quantities between these states; the rest are read-only. */
const writableStates = new Set(['IN_STOCK', 'SOLD', 'WASTE', 'NONE', 'UNLINKED_RETURN']);
const trackedStates = (stateName: string) => !['NONE', 'SOLD', 'UNLINKED_RETURN'].includes(stateName);

/**
 * POST /v2/inventory/changes/batch-create. Square checks the whole request first and applies nothing when any
 * change is invalid (every problem is listed, each with the `field` of its change). An idempotency key replayed
 * with the same body gets the first answer again; with a different body, IDEMPOTENCY_KEY_REUSED.
 * https://developer.squareup.com/docs/build-basics/common-api-patterns/idempotency
 */
export function batchChangeInventory(
  state: SquareSandboxState,
  request: SandboxRequest,
  now: () => Date,
): SandboxResponse {
  const body = (request.json ?? {}) as Body;
  const key = body.idempotency_key;
  if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
    return squareErrors(400, [
      {
        code: 'MISSING_REQUIRED_PARAMETER',
        detail: 'idempotency_key must be 1 to 128 characters',
        field: 'idempotency_key',
      },
    ]);
  }
  const requestText = JSON.stringify({ ...body, idempotency_key: undefined });
  const previous = state.idempotency.get(key);
  if (previous !== undefined) {
    if (previous.requestText === requestText) return { status: previous.status, body: previous.body };
    return squareErrors(400, [
      {
        code: 'IDEMPOTENCY_KEY_REUSED',
        detail: `The idempotency key ${key} was used before with a different request`,
        field: 'idempotency_key',
      },
    ]);
  }
  const changes = Array.isArray(body.changes) ? (body.changes as Body[]) : [];
  const problems = validateChanges(state, changes, now());
  if (problems.length > 0) return squareErrors(400, problems);
  const applied = changes.flatMap((change) =>
    applyChange(state, change, body.ignore_unchanged_counts !== false, now()),
  );
  const positions = new Set(changes.map((change) => positionOf(change).join('@')));
  const counts = [...state.counts.values()].filter((count) =>
    positions.has(`${count.catalog_object_id}@${count.location_id}`),
  );
  const answer = { status: 200, body: { counts, changes: applied.map(wireChange) } };
  state.idempotency.set(key, { requestText, ...answer });
  return answer;
}

function positionOf(change: Body): [string, string] {
  const detail = (change.physical_count ?? change.adjustment ?? {}) as Body;
  return [String(detail.catalog_object_id), String(detail.location_id)];
}

function validateChanges(state: SquareSandboxState, changes: readonly Body[], now: Date): SquareErrorInput[] {
  if (changes.length > 100) {
    return [{ code: 'ARRAY_LENGTH_TOO_LONG', detail: 'At most 100 changes per request', field: 'changes' }];
  }
  const problems: SquareErrorInput[] = [];
  changes.forEach((change, index) => {
    const detailName = change.type === 'PHYSICAL_COUNT' ? 'physical_count' : 'adjustment';
    const field = (name: string) => `changes[${index}].${detailName}.${name}`;
    if (change.type !== 'PHYSICAL_COUNT' && change.type !== 'ADJUSTMENT') {
      problems.push({
        code: 'INVALID_ENUM_VALUE',
        detail: `Unsupported change type ${change.type}`,
        field: `changes[${index}].type`,
      });
      return;
    }
    const detail = (change[detailName] ?? {}) as Body;
    if (!state.variations.has(String(detail.catalog_object_id))) {
      problems.push({
        code: 'NOT_FOUND',
        detail: `Item variation ${detail.catalog_object_id} not found`,
        field: field('catalog_object_id'),
      });
    }
    if (!state.locations.has(String(detail.location_id))) {
      problems.push({
        code: 'INVALID_LOCATION',
        detail: `Location ${detail.location_id} not found`,
        field: field('location_id'),
      });
    }
    if (typeof detail.quantity !== 'string' || !decimal.test(detail.quantity)) {
      problems.push({
        code: 'INVALID_VALUE',
        detail: 'quantity must be a non-negative decimal string',
        field: field('quantity'),
      });
    }
    const states = detailName === 'physical_count' ? [detail.state] : [detail.from_state, detail.to_state];
    if (detailName === 'physical_count' && detail.state !== 'IN_STOCK' && detail.state !== 'WASTE') {
      problems.push({
        code: 'INVALID_VALUE',
        detail: `A physical count cannot set ${detail.state}`,
        field: field('state'),
      });
    } else if (states.some((value) => !writableStates.has(String(value)))) {
      problems.push({
        code: 'INVALID_VALUE',
        detail: `The Inventory API cannot move ${states.join(' → ')}`,
        field: field('to_state'),
      });
    }
    const occurredAt = typeof detail.occurred_at === 'string' ? Date.parse(detail.occurred_at) : Number.NaN;
    if (Number.isNaN(occurredAt)) {
      problems.push({
        code: 'MISSING_REQUIRED_PARAMETER',
        detail: 'occurred_at is required',
        field: field('occurred_at'),
      });
    } else if (occurredAt < now.getTime() - dayMs || occurredAt > now.getTime()) {
      problems.push({
        code: 'INVALID_TIME',
        detail: 'occurred_at may not be older than 24 hours or in the future',
        field: field('occurred_at'),
      });
    }
  });
  return problems;
}

function applyChange(state: SquareSandboxState, change: Body, ignoreUnchanged: boolean, now: Date): SandboxChange[] {
  const createdAt = now.toISOString();
  if (change.type === 'PHYSICAL_COUNT') {
    const detail = change.physical_count as Body;
    const [variation, location] = positionOf(change);
    const current = state.counts.get(countKey(variation, location, String(detail.state)));
    if (ignoreUnchanged && current !== undefined && Number(current.quantity) === Number(detail.quantity)) return [];
    setCount(state, variation, location, String(detail.state), String(detail.quantity), createdAt);
    state.physicalCountsWritten++;
    return [recordChange(state, 'PHYSICAL_COUNT', { ...detail, catalog_object_type: 'ITEM_VARIATION' }, createdAt)];
  }
  const detail = change.adjustment as Body;
  const [variation, location] = positionOf(change);
  moveQuantity(
    state,
    {
      variation,
      location,
      from: String(detail.from_state),
      to: String(detail.to_state),
      quantity: Number(detail.quantity),
    },
    createdAt,
  );
  return [recordChange(state, 'ADJUSTMENT', { ...detail, catalog_object_type: 'ITEM_VARIATION' }, createdAt)];
}

export function setCount(
  state: SquareSandboxState,
  variation: string,
  location: string,
  stateName: string,
  quantity: string,
  calculatedAt: string,
): void {
  state.counts.set(countKey(variation, location, stateName), {
    catalog_object_id: variation,
    catalog_object_type: 'ITEM_VARIATION',
    state: stateName,
    location_id: location,
    quantity,
    calculated_at: calculatedAt,
  });
}

/** An adjustment's effect: the quantity leaves `from` and enters `to`, for the states Square tracks. */
export function moveQuantity(
  state: SquareSandboxState,
  move: { variation: string; location: string; from: string; to: string; quantity: number },
  calculatedAt: string,
): void {
  for (const [stateName, sign] of [
    [move.from, -1],
    [move.to, 1],
  ] as const) {
    if (!trackedStates(stateName)) continue;
    const current = Number(state.counts.get(countKey(move.variation, move.location, stateName))?.quantity ?? 0);
    setCount(state, move.variation, move.location, stateName, String(current + sign * move.quantity), calculatedAt);
  }
}

export function recordChange(
  state: SquareSandboxState,
  type: 'PHYSICAL_COUNT' | 'ADJUSTMENT',
  detail: Body,
  createdAt: string,
): SandboxChange {
  const id = sandboxId(state, type === 'PHYSICAL_COUNT' ? 'PC' : 'ADJ');
  const stored = { id, ...detail, created_at: createdAt };
  const occurredAt = String(detail.occurred_at ?? createdAt);
  const change: SandboxChange =
    type === 'PHYSICAL_COUNT'
      ? { type, physical_count: stored, id, createdAt, occurredAt }
      : { type, adjustment: stored, id, createdAt, occurredAt };
  state.changes.push(change);
  return change;
}
