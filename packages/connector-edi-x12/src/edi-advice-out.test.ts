import { join } from 'node:path';
import type { PushItemV2 } from '@stockwire/connector-spec';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { X12Parser } from 'node-x12';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';
import { loadGrammar, validateAgainstGrammar } from './test-support/x12-structure.ts';
import { readInterchanges } from './x12-read.ts';

const specs = locateVendorSpecs();
const item = (sku: string, location: string, quantity: number): PushItemV2 => ({
  key: `${sku}@${location}`,
  channel: 'department-store',
  sku,
  location,
  quantity,
  status: 'in-stock',
});

let connection: FolderConnection;
beforeEach(async () => {
  connection = await createFolderConnection();
});
afterEach(async () => await connection.remove());

async function adviceFiles(): Promise<string[]> {
  return (await connection.files('outbox')).filter((name) => name.startsWith('846-'));
}

describe('846 out', () => {
  it.skipIf(specs.folder === undefined)(
    `round trip: node-x12 parses the 846 we write and it matches the 004010 846 structure in the spec folder ${specs.skipReason ?? ''}`,
    async () => {
      const items = [
        item('SKU-MUG', 'wh-east', 12),
        item('SKU-MUG', 'wh-west', 3),
        item('SKU-CUP', 'wh-east', 0),
        item('SKU-TEA', 'wh-west', 4),
      ];
      const result = await connection.connector().push.push({ items, idempotencyKey: 'first' });
      expect(result.results.map((entry) => entry.outcome)).toEqual(['written', 'written', 'written', 'written']);
      const [file] = await adviceFiles();
      expect(file).toBe('846-department-store-000000001.x12');
      const text = await connection.read(join('outbox', file ?? ''));
      // Strict mode: node-x12 throws on a wrong SE/GE/IEA count or control number.
      expect(() => new X12Parser(true).parse(text)).not.toThrow();
      const [interchange] = readInterchanges(text);
      expect(interchange?.receiverId).toBe('123456789');
      expect(interchange?.problems).toEqual([]);
      const transaction = interchange?.groups[0]?.transactions[0];
      if (transaction === undefined) throw new Error('no transaction set');
      const grammar = loadGrammar(
        vendorSpecPath(specs.folder ?? '', 'x12', 'structure', 'bots-4010-846-997.json'),
        '846004010',
      );
      expect(validateAgainstGrammar(transaction, grammar, '>')).toEqual([]);
      const tags = transaction.segments.map((segment) => segment.tag);
      expect(tags.filter((tag) => tag === 'LIN')).toHaveLength(4);
      const lines = transaction.segments.filter((segment) => ['LIN', 'QTY', 'N1'].includes(segment.tag));
      expect(
        lines.map((segment) => `${segment.tag}*${segment.element(2)}*${segment.element(3)}*${segment.element(4)}`),
      ).toEqual([
        'LIN*SK*MUG-001*',
        'QTY*12*EA*',
        'N1*EAST*92*EAST',
        'LIN*SK*MUG-001*',
        'QTY*3*EA*',
        'N1*WEST*92*WEST',
        'LIN*SK*CUP-002*',
        'QTY*0*EA*',
        'N1*EAST*92*EAST',
        // Case-packed: pushed in the connection's unit (4 cases), as the partner counts it.
        'LIN*SK*SKU-TEA*',
        'QTY*4*EA*',
        'N1*WEST*92*WEST',
      ]);
      const ctt = transaction.segments.find((segment) => segment.tag === 'CTT');
      expect([ctt?.element(1), ctt?.element(2)]).toEqual(['4', '19']);
    },
  );

  it.skipIf(specs.folder === undefined)(
    'the structure check itself catches a QTY outside a LIN loop and an over-long element',
    () => {
      const grammar = loadGrammar(
        vendorSpecPath(specs.folder ?? '', 'x12', 'structure', 'bots-4010-846-997.json'),
        '846004010',
      );
      const text =
        'ISA*00*          *00*          *ZZ*A              *ZZ*B              *300101*0800*U*00401*000000001*0*P*>~GS*IB*A*B*20300101*0800*1*X*004010~ST*846*0001~BIA*00*SI*R*20300101~QTY*33*1~LIN**SK*ABC~QTY*333*1~SE*6*0001~GE*1*1~IEA*1*000000001~';
      const transaction = readInterchanges(text)[0]?.groups[0]?.transactions[0];
      if (transaction === undefined) throw new Error('no transaction set');
      const problems = validateAgainstGrammar(transaction, grammar, '>');
      expect(problems.some((problem) => problem.includes('(QTY) is out of order'))).toBe(true);
      expect(problems.some((problem) => problem.includes('QTY01 "333"'))).toBe(true);
    },
  );

  it('control numbers increase across restarts and never repeat, kept in the state store', async () => {
    await connection.connector().push.push({ items: [item('SKU-MUG', 'wh-east', 1)], idempotencyKey: 'a' });
    await connection.connector().push.push({ items: [item('SKU-MUG', 'wh-east', 2)], idempotencyKey: 'b' });
    await connection.connector().push.push({ items: [item('SKU-MUG', 'wh-east', 3)], idempotencyKey: 'c' });
    const numbers = [];
    for (const file of await adviceFiles()) {
      const [interchange] = readInterchanges(await connection.read(join('outbox', file)));
      numbers.push([
        interchange?.control,
        interchange?.groups[0]?.control,
        interchange?.groups[0]?.transactions[0]?.control,
      ]);
    }
    expect(numbers).toEqual([
      ['000000001', '1', '0001'],
      ['000000002', '2', '0002'],
      ['000000003', '3', '0003'],
    ]);
  });

  it('writes a delta with only the changed values between full advices, and a full one when it is due', async () => {
    let now = new Date('2030-01-01T08:00:00Z');
    const connector = () => connection.connector({ now: () => now });
    const all = [item('SKU-MUG', 'wh-east', 5), item('SKU-CUP', 'wh-east', 7)];
    await connector().push.push({ items: all, idempotencyKey: 'full' });
    now = new Date('2030-01-01T09:00:00Z');
    const delta = await connector().push.push({
      items: [item('SKU-MUG', 'wh-east', 5), item('SKU-CUP', 'wh-east', 6)],
      idempotencyKey: 'delta',
    });
    expect(delta.results.map((entry) => entry.outcome)).toEqual(['unchanged', 'written']);
    now = new Date('2030-01-02T08:30:00Z');
    await connector().push.push({ items: [item('SKU-MUG', 'wh-east', 4)], idempotencyKey: 'next-full' });
    const documents = [];
    for (const file of await adviceFiles()) {
      const transaction = readInterchanges(await connection.read(join('outbox', file)))[0]?.groups[0]?.transactions[0];
      const kind =
        transaction?.segments.find((segment) => segment.tag === 'BIA')?.element(6) === '1' ? 'full' : 'delta';
      const lines = transaction?.segments
        .filter((segment) => segment.tag === 'LIN')
        .map((segment) => segment.element(3));
      const quantities = transaction?.segments
        .filter((segment) => segment.tag === 'QTY')
        .map((segment) => segment.element(2));
      documents.push({ kind, lines, quantities });
    }
    expect(documents).toEqual([
      { kind: 'full', lines: ['MUG-001', 'CUP-002'], quantities: ['5', '7'] },
      { kind: 'delta', lines: ['CUP-002'], quantities: ['6'] },
      // A day later: every value the partner has, with the new one.
      { kind: 'full', lines: ['MUG-001', 'CUP-002'], quantities: ['4', '6'] },
    ]);
  });

  it('refuses an item of a channel no partner publishes, alone, with a typed error', async () => {
    const foreign = { ...item('SKU-MUG', 'wh-east', 1), key: 'foreign', channel: 'web' };
    const result = await connection
      .connector()
      .push.push({ items: [foreign, item('SKU-CUP', 'wh-east', 2)], idempotencyKey: 'x' });
    const [refused, written] = result.results;
    expect(refused?.outcome === 'failed' && refused.error.name).toBe('PermanentItemError');
    expect(written?.outcome).toBe('written');
  });
});
