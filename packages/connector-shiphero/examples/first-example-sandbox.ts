// The account the README's first example (first-example.ts) runs against in tests: the package's own test and the
// pack check, which runs the example from the installed tarballs. Only the example's base URL and credentials
// come from here, through the environment variables it reads.
import { createShipHeroSandbox } from '@stockwire/connector-shiphero/sandbox';

export async function startFirstExampleSandbox() {
  const shipHero = await createShipHeroSandbox();
  const warehouse = shipHero.addWarehouse(76_733).uuid;
  shipHero.setLevel('TEE-BLUE-M', warehouse, { on_hand: 10, allocated: 2, reserve_inventory: 1 });
  return {
    environment: { SHIPHERO_BASE_URL: shipHero.baseUrl, SHIPHERO_REFRESH_TOKEN: shipHero.refreshToken },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = shipHero.calls;
      if (calls.length === 0) problems.push('the example called nothing');
      if (!calls.some((call) => call.path === '/auth/refresh'))
        problems.push('the example never exchanged its refresh token at /auth/refresh');
      for (const call of calls.filter((each) => each.path === '/graphql'))
        if (!/^Bearer .+/.test(call.headers.authorization ?? ''))
          problems.push(`${call.method} ${call.path} was sent without a bearer token`);
      const replacements = shipHero.replacements;
      const replaced = replacements[0];
      if (
        replacements.length !== 1 ||
        replaced?.sku !== 'TEE-BLUE-M' ||
        replaced.warehouse_id !== warehouse ||
        replaced.quantity !== 12
      )
        problems.push(`expected one inventory_replace of TEE-BLUE-M to 12, saw ${JSON.stringify(replacements)}`);
      if (shipHero.level('TEE-BLUE-M', warehouse)?.on_hand !== 12) problems.push('ShipHero does not hold on hand 12');
      for (const printed of [/sku: 'TEE-BLUE-M'/, /location: 'wh-primary'/, /onHand: 10/, /outcome: 'written'/])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => shipHero.close(),
  };
}
