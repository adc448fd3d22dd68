import { describe, expect, it } from 'vitest';
import { AuthorityRuleSchema, checkAuthority } from './authority.ts';
import type { InventoryEvent } from './events.ts';

const rules = [
  AuthorityRuleSchema.parse({ connections: ['amazon'], states: '*', locations: ['fba'] }),
  AuthorityRuleSchema.parse({ connections: ['shopify', 'amazon'], states: ['committed'] }),
  AuthorityRuleSchema.parse({
    connections: ['erp'],
    states: ['onHand', 'damaged', 'qualityControl', 'incoming', 'inTransit'],
  }),
];
const at = '2026-11-27T10:00:00Z';

describe('checkAuthority', () => {
  it('accepts an event from the system of record', () => {
    const event: InventoryEvent = {
      kind: 'receipt',
      idempotencyKey: 'r',
      source: 'erp',
      occurredAt: at,
      sku: 'A',
      location: 'wh-1',
      quantity: 5,
    };
    expect(checkAuthority(rules, event)).toEqual({ allowed: true });
  });

  it('rejects on-hand changes from a store, naming who owns them', () => {
    const event: InventoryEvent = {
      kind: 'snapshot',
      idempotencyKey: 's',
      source: 'shopify',
      occurredAt: at,
      sku: 'A',
      location: 'wh-1',
      quantities: { onHand: 3 },
    };
    const decision = checkAuthority(rules, event);
    expect(decision).toMatchObject({ allowed: false, reason: 'not-authority', state: 'onHand', authority: ['erp'] });
    expect(decision.allowed === false && decision.message).toContain(
      'shopify is not the authority for onHand of A at wh-1',
    );
  });

  it('lets every sales channel reserve its own orders', () => {
    for (const source of ['shopify', 'amazon']) {
      const event: InventoryEvent = {
        kind: 'reservation-created',
        idempotencyKey: `o-${source}`,
        source,
        occurredAt: at,
        sku: 'A',
        location: 'wh-1',
        orderReference: 'O',
        lineReference: '1',
        quantity: 1,
      };
      expect(checkAuthority(rules, event).allowed).toBe(true);
    }
  });

  it('lets a specific rule (Amazon owns FBA) win over a general one', () => {
    const fromErp: InventoryEvent = {
      kind: 'adjustment',
      idempotencyKey: 'a',
      source: 'erp',
      occurredAt: at,
      sku: 'A',
      location: 'fba',
      change: 2,
      reason: 'found',
    };
    expect(checkAuthority(rules, fromErp)).toMatchObject({ allowed: false, authority: ['amazon'] });
  });

  it('checks both ends of a transfer', () => {
    const transfer: InventoryEvent = {
      kind: 'transfer-out',
      idempotencyKey: 't',
      source: 'erp',
      occurredAt: at,
      sku: 'A',
      location: 'wh-1',
      quantity: 1,
      destination: 'fba',
      transferReference: 'T',
    };
    expect(checkAuthority(rules, transfer)).toMatchObject({ allowed: false, location: 'fba', state: 'inTransit' });
  });

  it('says when no rule covers what an event touches', () => {
    const event: InventoryEvent = {
      kind: 'snapshot',
      idempotencyKey: 's',
      source: 'erp',
      occurredAt: at,
      sku: 'A',
      location: 'wh-1',
      quantities: { safetyStock: 2 },
    };
    expect(checkAuthority(rules, event)).toMatchObject({ allowed: false, reason: 'no-authority-defined' });
  });
});
