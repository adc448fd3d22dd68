import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipHeroSandbox, type ShipHeroSandbox } from './index.ts';

describe('the ShipHero sandbox', () => {
  let sandbox: ShipHeroSandbox;
  let token: string;
  beforeAll(async () => {
    sandbox = await createShipHeroSandbox({ credits: { maximum: 100, restorePerSecond: 1 } });
    const warehouse = sandbox.addWarehouse(76_733).uuid;
    for (const sku of ['A', 'B', 'C']) sandbox.setLevel(sku, warehouse, { on_hand: 5, allocated: 1 });
    const answer = await fetch(`${sandbox.baseUrl}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: sandbox.refreshToken }),
    });
    token = ((await answer.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => await sandbox.close());

  const graphql = async (query: string, authorization = `Bearer ${token}`) => {
    const answer = await fetch(`${sandbox.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the GraphQL answer holds
    return { status: answer.status, body: (await answer.json()) as Record<string, any> };
  };
  const page = (first: number, extra = '') =>
    `{ warehouse_products${extra} { complexity data(first: ${first}) { pageInfo { hasNextPage endCursor } edges { node { sku on_hand available } } } } }`;

  it('prices a query by its first, answers the complexity, and prices without spending under analyze: true', async () => {
    const priced = await graphql(page(2, '(analyze: true)'));
    expect(priced.body.data.warehouse_products).toEqual({ complexity: 3, data: null });
    expect(sandbox.credits.remaining()).toBe(100);
    const answered = await graphql(page(2));
    expect(answered.body.data.warehouse_products.complexity).toBe(3);
    expect(answered.body.data.warehouse_products.data.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { sku: 'A', on_hand: 5, available: 4 },
      { sku: 'B', on_hand: 5, available: 4 },
    ]);
    expect(answered.body.data.warehouse_products.data.pageInfo.hasNextPage).toBe(true);
    expect(sandbox.credits.remaining()).toBeLessThanOrEqual(98);
  });

  it('refuses a query the credits cannot pay for with code 30 inside HTTP 200, and spends nothing', async () => {
    const refused = await graphql(page(200));
    expect(refused.status).toBe(200);
    expect(refused.body.errors[0]).toMatchObject({ code: 30, required_credits: 201 });
    expect(refused.body.errors[0].time_remaining).toMatch(/^\d+ seconds$/);
    expect(sandbox.credits.refusals.at(-1)).toMatchObject({ required: 201 });
  });

  it('answers an unknown field as a GraphQL error in a 200, and no token as a 401', async () => {
    const unknown = await graphql('{ warehouse_products { data(first: 1) { edges { node { qty } } } } }');
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors[0].message).toMatch(/Cannot query field "qty"/);
    expect((await graphql(page(1), 'Bearer not-a-token')).status).toBe(401);
  });
});
