import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { NetSuiteClient } from './netsuite-client.ts';
import { locationsQuery } from './netsuite-queries.ts';

const LocationRowSchema = z.object({ id: z.string(), isinactive: z.string().nullish() });

/**
 * NetSuite's connection check: the credentials (TBA signature or M2M token) and the role's SuiteQL access, proven
 * by one cheap SuiteQL read of the account's locations (a 401 is an AuthenticationError); then every configured
 * location is one of them and active, since NetSuite posts no transaction to an inactive location. Accounts with
 * more than 1 000 locations take one more page per thousand.
 */
export function createNetSuiteCheck(client: NetSuiteClient, timeoutMs: number): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      let known: Map<string, boolean> | undefined;
      const credentials = await runCheckStep('credentials', timeoutMs, async () => {
        const locations = new Map<string, boolean>();
        let after = '0';
        for (;;) {
          const page = await client.suiteQl({ query: locationsQuery, params: [after], limit: 1_000 });
          for (const row of page.items) {
            const parsed = LocationRowSchema.safeParse(row);
            if (parsed.success) locations.set(parsed.data.id, parsed.data.isinactive !== 'T');
          }
          const last = LocationRowSchema.safeParse(page.items.at(-1));
          if (!page.hasMore || !last.success) break;
          after = last.data.id;
        }
        known = locations;
        return { ok: true, message: 'the credentials and the role are accepted (SuiteQL on location)' };
      });
      if (known === undefined) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const account = known;
      const existing = locationsOutcome(request.locations, (id) => account.has(id), 'location', 'in NetSuite');
      const inactive = request.locations.filter((entry) => account.get(entry.externalLocation) === false);
      const locations =
        !existing.ok || inactive.length === 0
          ? { name: 'locations', ...existing }
          : {
              name: 'locations',
              ok: false,
              message: `inactive location${inactive.length === 1 ? '' : 's'} in NetSuite: ${inactive
                .map((entry) => `"${entry.externalLocation}" (location ${entry.location})`)
                .join(', ')}; reactivate it or map another location`,
            };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
