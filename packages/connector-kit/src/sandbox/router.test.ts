import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from './router.ts';
import { createSandboxServer, type SandboxServer } from './sandbox-server.ts';
import { createSandboxStore } from './sandbox-store.ts';

interface Level {
  itemId: string;
  available: number;
}

describe('createRouter', () => {
  let server: SandboxServer;
  const levels = createSandboxStore<Level>([['1', { itemId: '1', available: 4 }]]);

  beforeAll(async () => {
    const router = createRouter()
      .on('GET', '/admin/api/:version/inventory_levels/:id.json', (_request, parameters) => {
        const level = levels.get(parameters.id ?? '');
        if (level === undefined) return { status: 404, body: { errors: 'Not Found' } };
        return { body: { version: parameters.version, inventory_level: level } };
      })
      .on('POST', '/admin/api/:version/inventory_levels/:id.json', (request, parameters) => {
        const change = request.json as { available: number };
        const level = levels.update(parameters.id ?? '', (current) => ({ ...current, available: change.available }));
        return { status: 200, body: { inventory_level: level } };
      })
      .on('GET', '/files/:name', (_request, parameters) => ({ body: { name: parameters.name } }));
    server = await createSandboxServer({ handle: router.handle });
  });
  afterAll(async () => {
    await server.close();
  });

  it('matches parameters inside and across segments, and dispatches by method', async () => {
    const read = await fetch(`${server.url}/admin/api/2025-01/inventory_levels/1.json`);
    expect(await read.json()).toEqual({ version: '2025-01', inventory_level: { itemId: '1', available: 4 } });
    const write = await fetch(`${server.url}/admin/api/2025-01/inventory_levels/1.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ available: 9 }),
    });
    expect(await write.json()).toEqual({ inventory_level: { itemId: '1', available: 9 } });
    expect(levels.get('1')?.available).toBe(9);
  });

  it('decodes parameters and does not let them cross a slash', async () => {
    expect(await (await fetch(`${server.url}/files/a%20b`)).json()).toEqual({ name: 'a b' });
    expect((await fetch(`${server.url}/files/a/b`)).status).toBe(404);
  });

  it('answers 404 for unknown paths and 405 with Allow for a known path with another method', async () => {
    const missing = await fetch(`${server.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'the sandbox has no route for GET /nowhere' });
    const wrongMethod = await fetch(`${server.url}/admin/api/2025-01/inventory_levels/1.json`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });
});

describe('createSandboxStore', () => {
  it('copies values in and out so handlers cannot mutate state by accident', () => {
    const store = createSandboxStore<Level>();
    const level = { itemId: '7', available: 1 };
    store.set('7', level);
    level.available = 100;
    const read = store.get('7');
    if (read === undefined) throw new Error('the level should be stored');
    read.available = 50;
    expect(store.get('7')).toEqual({ itemId: '7', available: 1 });
    expect(store.values()).toEqual([{ itemId: '7', available: 1 }]);
    expect(store.size).toBe(1);
    expect(() => store.update('missing', (current) => current)).toThrow('no entry "missing"');
    expect(store.delete('7')).toBe(true);
    expect(store.has('7')).toBe(false);
  });
});
