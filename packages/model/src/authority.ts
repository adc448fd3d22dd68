import { z } from 'zod';
import { touchedStates } from './event-effects.ts';
import type { InventoryEvent } from './events.ts';
import { ConnectionIdSchema, LocationIdSchema, SkuIdSchema } from './identifiers.ts';
import { type QuantityState, QuantityStateSchema } from './quantity-states.ts';

const everything = z.literal('*');

/**
 * Which connection is the system of record for which SKUs, locations and quantity states. Rules are read in
 * order and the first rule that covers a (SKU, location, state) decides, so specific rules go first. Several
 * connections may share a rule only where several really own their part, e.g. `committed` from each sales
 * channel's own orders.
 */
export const AuthorityRuleSchema = z.strictObject({
  connections: z.array(ConnectionIdSchema).min(1),
  states: z.union([everything, z.array(QuantityStateSchema).min(1)]),
  skus: z.union([everything, z.array(SkuIdSchema).min(1)]).default('*'),
  locations: z.union([everything, z.array(LocationIdSchema).min(1)]).default('*'),
});
export type AuthorityRule = z.infer<typeof AuthorityRuleSchema>;

export type AuthorityDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: 'not-authority' | 'no-authority-defined';
      readonly sku: string;
      readonly location: string;
      readonly state: QuantityState;
      /** The connections that do own it, when a rule covers it. */
      readonly authority: readonly string[];
      readonly message: string;
    };

function covers<T>(selection: '*' | readonly T[], value: T): boolean {
  return selection === '*' || selection.includes(value);
}

export function authorityFor(
  rules: readonly AuthorityRule[],
  sku: string,
  location: string,
  state: QuantityState,
): AuthorityRule | undefined {
  return rules.find((rule) => covers(rule.states, state) && covers(rule.skus, sku) && covers(rule.locations, location));
}

/**
 * An event is accepted only when its source owns every (SKU, location, state) it touches. A rejected event is
 * not an error in the pipeline: it is a typed decision, reported and kept for review.
 */
export function checkAuthority(rules: readonly AuthorityRule[], event: InventoryEvent): AuthorityDecision {
  for (const { sku, location, state } of touchedStates(event)) {
    const rule = authorityFor(rules, sku, location, state);
    if (rule === undefined) {
      return {
        allowed: false,
        reason: 'no-authority-defined',
        sku,
        location,
        state,
        authority: [],
        message: `no authority rule covers ${state} of ${sku} at ${location}; event ${event.idempotencyKey} from ${event.source} was not applied`,
      };
    }
    if (!rule.connections.includes(event.source)) {
      return {
        allowed: false,
        reason: 'not-authority',
        sku,
        location,
        state,
        authority: rule.connections,
        message: `${event.source} is not the authority for ${state} of ${sku} at ${location} (${rule.connections.join(', ')} is); event ${event.idempotencyKey} was not applied`,
      };
    }
  }
  return { allowed: true };
}
