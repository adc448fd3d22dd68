import { reliableDelivery, type Scenario } from '../scenario.ts';
import { constantDemand, periodicReceipts, singleWarehouseWorld } from './scenario-building.ts';

const skus = ['TEE-BLK-S', 'TEE-BLK-M', 'TEE-BLK-L', 'HOODIE-GRY-M', 'MUG-LOGO', 'CAP-NAVY'];

/** Shopify's REST Admin API answers a 429 with `Retry-After: 2.0`. https://shopify.dev/docs/api/usage/limits */
const shopifyRetryAfterSeconds = 2;

/**
 * Busy trading while the store's API is saturated (another app draining the shop's shared bucket, or a platform
 * incident): every call to the store's connection is answered 429 for several minutes, then the API recovers.
 * Start and length are drawn from the seed. The other channels keep selling and keep being updated.
 */
export const rateLimitStorm: Scenario = {
  name: 'rate-limit-storm',
  description: 'busy trading for 2 hours; the store’s API answers 429 to every call for 5 to 12 minutes, then recovers',
  durationSeconds: 7200,
  ...singleWarehouseWorld(skus, () => 40),
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 900,
  generate(random) {
    const from = random.integer(1500, 3000);
    const storm = {
      connection: 'shopify',
      from,
      until: from + random.integer(300, 720),
      retryAfterSeconds: shopifyRetryAfterSeconds,
    };
    const demand = constantDemand(random, this, skus, 0.006);
    const changes = periodicReceipts(random, skus, 'wh-east', {
      everySeconds: 1800,
      durationSeconds: this.durationSeconds,
      minimum: 25,
      maximum: 45,
    });
    return { demand, changes, rateLimitStorms: [storm] };
  },
};
