import { randomBytes } from 'node:crypto';
import { createWebhookDeliverer, type WebhookDeliverer } from '@stockwire/connector-kit/sandbox';
import { signShipHeroWebhook } from '../shiphero-webhook-signature.ts';
import { levelKey, type SandboxChange, type SandboxState, webhookTime } from './shiphero-sandbox-state.ts';

export type SandboxWebhookType = 'Inventory Update' | 'Inventory Change';

export interface SandboxSubscription {
  readonly type: SandboxWebhookType;
  /** Where deliveries go; a function when the receiver's address is known only once it listens. */
  readonly url: string | (() => string);
  /** `shared_signature_secret`, as `webhook_create` returns it (once). */
  readonly secret: string;
  readonly deliverer: WebhookDeliverer;
}

/** One message the sandbox sent (or tried to), kept so a test can redeliver it as ShipHero's retries do. */
export interface SandboxMessage {
  readonly id: string;
  readonly type: SandboxWebhookType;
  readonly body: unknown;
}

export const sandboxAccountId = 63_898;

/** Signed deliveries to the subscribed URLs, one deliverer per subscription (duplicates, drops, reordering). */
export function createSandboxWebhooks(state: SandboxState, now: () => number) {
  const subscriptions: SandboxSubscription[] = [];
  const messages: SandboxMessage[] = [];
  let nextMessage = 1;

  const send = async (type: SandboxWebhookType, body: unknown) => {
    for (const subscription of subscriptions.filter((candidate) => candidate.type === type)) {
      const id = `shiphero-message-${String(nextMessage++).padStart(6, '0')}`;
      messages.push({ id, type, body });
      await subscription.deliverer.deliver(body, { id });
    }
  };

  /** The Inventory Update body for SKUs at one warehouse: account totals per line, the warehouse's own beside. */
  const inventoryUpdate = (warehouse: string, skus: readonly string[]) => ({
    account_id: sandboxAccountId,
    account_uuid: Buffer.from(`Account:${sandboxAccountId}`).toString('base64'),
    webhook_type: 'Inventory Update',
    inventory: skus.map((sku) => {
      const all = [...state.levels.values()].filter((entry) => entry.sku === sku).map((entry) => entry.level);
      const total = (pick: (level: (typeof all)[number]) => number) => all.reduce((sum, level) => sum + pick(level), 0);
      const level = state.levels.get(levelKey(sku, warehouse))?.level;
      const here = state.warehouses.get(warehouse);
      const available = (entry: {
        on_hand: number;
        allocated: number;
        sell_ahead: number;
        reserve_inventory: number;
      }) => entry.on_hand - entry.allocated + entry.sell_ahead - entry.reserve_inventory;
      return {
        sku,
        inventory: String(total(available)),
        backorder_quantity: String(total((entry) => entry.backorder)),
        on_hand: String(total((entry) => entry.on_hand)),
        virtual: false,
        sell_ahead: total((entry) => entry.sell_ahead),
        qty_in_totes: 0,
        reserve: total((entry) => entry.reserve_inventory),
        updated_warehouse: {
          warehouse_id: here?.legacyId ?? 0,
          warehouse_uuid: warehouse,
          identifier: here?.identifier ?? '',
          inventory: String(level === undefined ? 0 : available(level)),
          backorder_quantity: String(level?.backorder ?? 0),
          on_hand: String(level?.on_hand ?? 0),
          sell_ahead: level?.sell_ahead ?? 0,
          qty_in_totes: 0,
          reserve: level?.reserve_inventory ?? 0,
          non_sellable: level?.non_sellable_quantity ?? 0,
        },
        non_sellable: total((entry) => entry.non_sellable_quantity),
      };
    }),
  });

  /** The Inventory Change body of one logged change (the sandbox keeps one bin per warehouse: `A-01`). */
  const inventoryChange = (row: SandboxChange) => ({
    webhook_type: 'Inventory Change',
    account_uuid: Buffer.from(`Account:${sandboxAccountId}`).toString('base64'),
    account_id: sandboxAccountId,
    warehouse_id: state.warehouses.get(row.warehouse_id)?.legacyId ?? 0,
    warehouse_uuid: row.warehouse_id,
    user_id: 489_254,
    user_uuid: Buffer.from('User:489254').toString('base64'),
    sku: row.sku,
    quantity: row.previous_on_hand + row.change_in_on_hand,
    old_quantity: row.previous_on_hand,
    location_name: 'A-01',
    previous_on_hand: row.previous_on_hand,
    timestamp: webhookTime(Date.parse(`${row.created_at}Z`)),
    reason: row.reason,
    source: 'api',
  });

  return {
    subscriptions,
    messages,
    inventoryUpdate,
    inventoryChange,
    /** Subscribes `url` to one webhook type, as `webhook_create` does; returns the signing secret. */
    subscribe(type: SandboxWebhookType, url: string | (() => string)): SandboxSubscription {
      const secret = randomBytes(24).toString('hex');
      let deliverer: WebhookDeliverer | undefined;
      const subscription = {
        type,
        url,
        secret,
        // Made on first use, so the receiver may start listening after it learnt the secret.
        get deliverer(): WebhookDeliverer {
          deliverer ??= createWebhookDeliverer({
            target: typeof url === 'string' ? url : url(),
            sign: (bodyText, delivery) => ({
              'x-shiphero-hmac-sha256': signShipHeroWebhook(secret, bodyText),
              'x-shiphero-message-id': delivery.id,
            }),
          });
          return deliverer;
        },
      };
      subscriptions.push(subscription);
      return subscription;
    },
    /** Sends what one movement triggers: its Inventory Change, then the warehouse's Inventory Update. */
    async announce(rows: readonly SandboxChange[]) {
      for (const row of rows) await send('Inventory Change', inventoryChange(row));
      const byWarehouse = new Map<string, Set<string>>();
      for (const row of rows) {
        if (row.sku === null) continue;
        byWarehouse.set(row.warehouse_id, (byWarehouse.get(row.warehouse_id) ?? new Set()).add(row.sku));
      }
      for (const [warehouse, skus] of byWarehouse)
        await send('Inventory Update', inventoryUpdate(warehouse, [...skus]));
    },
    /** Sends a message again with its id, as ShipHero's retries do. */
    async redeliver(id: string) {
      const message = messages.find((candidate) => candidate.id === id);
      if (message === undefined) throw new Error(`the sandbox sent no message ${id}`);
      for (const subscription of subscriptions.filter((candidate) => candidate.type === message.type)) {
        await subscription.deliverer.deliver(message.body, { id });
      }
    },
    now,
  };
}
