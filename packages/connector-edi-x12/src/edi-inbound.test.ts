import { join } from 'node:path';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcknowledgementOverdueError, AdviceRejectedError } from './edi-errors.ts';
import { createEdiState } from './edi-state.ts';
import { partnerInterchange, warehouseAdjustment, warehouseReceipt } from './sandbox/partner-documents.ts';
import { createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';

// 944 and 947 bodies follow the 004010 structures in bots-grammars x12/4010/944004010.py (W17, N1, W07 loop, W14)
// and 947004010.py (W15, N1, W19 loop); see test-support/partner-documents.ts.
let connection: FolderConnection;
beforeEach(async () => {
  connection = await createFolderConnection();
});
afterEach(async () => await connection.remove());

const receipt = (control: number) =>
  partnerInterchange('ACME3PL', control, 'RE', [
    warehouseReceipt('WEST', [
      { sku: 'MUG-001', quantity: 24 },
      { sku: 'SKU-TEA', quantity: 2 },
    ]),
  ]);

describe('944 and 947 in', () => {
  it('a 944 receipt becomes receipt events through aliases, locations and case packs; a 947 becomes signed adjustments', async () => {
    await connection.drop('a-receipt.x12', receipt(7));
    await connection.drop(
      'b-adjust.x12',
      partnerInterchange('ACME3PL', 8, 'AW', [warehouseAdjustment('EAST', [{ sku: 'CUP-002', change: -3 }])]),
    );
    const page = await connection.connector().changes.pull({});
    expect(page.failures).toEqual([]);
    expect(
      page.events.map((event) => [
        event.kind,
        event.sku,
        event.location,
        event.kind === 'adjustment' ? event.change : event.kind === 'receipt' ? event.quantity : 0,
      ]),
    ).toEqual([
      ['receipt', 'SKU-MUG', 'wh-west', 24],
      ['receipt', 'SKU-TEA', 'wh-west', 12],
      ['adjustment', 'SKU-CUP', 'wh-east', -3],
    ]);
    expect(page.events[0]?.idempotencyKey).toBe('wholesale-edi/x12/ACME3PL/000000007/0001/4');
  });

  it('the same interchange read again, or dropped twice under another name, gives the same idempotency keys (a no-op)', async () => {
    await connection.drop('a.x12', receipt(9));
    const first = await connection.connector().changes.pull({});
    await connection.drop('b.x12', receipt(9));
    const again = await connection.connector().changes.pull({ cursor: first.cursor });
    const replayed = await connection.connector().changes.pull({});
    const keys = (events: typeof first.events) => events.map((event) => event.idempotencyKey);
    expect(keys(again.events)).toEqual(keys(first.events));
    expect(keys(replayed.events)).toEqual(keys(first.events));
  });

  it('reads a file that arrives later under an earlier name (partners name files as they like)', async () => {
    await connection.drop('zz-first.x12', receipt(15));
    const connector = connection.connector();
    const first = await connector.changes.pull({});
    await connection.drop(
      'aa-later.x12',
      partnerInterchange('ACME3PL', 16, 'AW', [warehouseAdjustment('EAST', [{ sku: 'CUP-002', change: 4 }])]),
    );
    const second = await connector.changes.pull({ cursor: first.cursor });
    expect(second.events.map((event) => [event.kind, event.sku])).toEqual([['adjustment', 'SKU-CUP']]);
    expect(await connection.files('processed')).toEqual(['zz-first.x12']);
  });

  it('answers each interchange with a 997 once, and never answers a 997', async () => {
    await connection.drop('a.x12', receipt(11));
    const connector = connection.connector();
    const page = await connector.changes.pull({});
    await connector.changes.pull({ cursor: page.cursor });
    expect(await connection.files('outbox')).toEqual(['997-acme-3pl-000000011.x12']);
    const answer = await connection.read(join('outbox', '997-acme-3pl-000000011.x12'));
    expect(answer).toContain('GS*FA*STOCKWIRE*ACME3PL*');
    expect(answer).toContain('AK1*RE*11~\nAK2*944*0001~\nAK5*A~\nAK9*A*1*1*1~');
    expect(await connection.files('processed')).toEqual(['a.x12']);
  });

  it('a malformed quantity rejects the interchange: moved aside with the segment position, a 997 naming segment and element, other partners read on', async () => {
    const bad = partnerInterchange('ACME3PL', 12, 'AW', [
      warehouseAdjustment('EAST', [{ sku: 'CUP-002', change: 'x5' }]),
    ]);
    await connection.drop('a-bad.x12', bad);
    await connection.drop(
      'b-unknown-sender.x12',
      partnerInterchange('NOBODY', 1, 'RE', [warehouseReceipt('EAST', [{ sku: 'MUG-001', quantity: 1 }])]),
    );
    await connection.drop('c-good.x12', receipt(13));
    const page = await connection.connector().changes.pull({});
    expect(page.events.map((event) => event.sku)).toEqual(['SKU-MUG', 'SKU-TEA']);
    expect(page.failures.map((failure) => MalformedPayloadError.isInstance(failure.error))).toEqual([true, true]);
    expect(page.failures[0]?.error.message).toContain('W1902 "x5" at segment 4 is not a whole number');
    expect(page.failures[1]?.error.message).toContain('ISA06 sender "NOBODY" matches no partner profile');
    expect(await connection.files('rejected')).toEqual([
      'a-bad.x12',
      'a-bad.x12.reason.txt',
      'b-unknown-sender.x12',
      'b-unknown-sender.x12.reason.txt',
    ]);
    const answer = await connection.read(join('outbox', '997-acme-3pl-000000012.x12'));
    expect(answer).toContain('AK2*947*0001~\nAK3*W19*4**8~\nAK4*2**6*x5~\nAK5*R*5~\nAK9*R*1*1*0~');
  });
});

describe('a file with one bad transaction set', () => {
  it('applies nothing of it: every set is rejected in the 997 (AK5 R), the bad one naming its segment and element', async () => {
    const sets = [
      warehouseAdjustment('EAST', [{ sku: 'CUP-002', change: 2 }]),
      warehouseAdjustment('EAST', [{ sku: 'CUP-002', change: '2.5' }]),
    ];
    await connection.drop('mixed.x12', partnerInterchange('ACME3PL', 21, 'AW', sets));
    const page = await connection.connector().changes.pull({});
    expect(page.events).toEqual([]);
    expect(page.failures).toHaveLength(1);
    const answer = await connection.read(join('outbox', '997-acme-3pl-000000021.x12'));
    expect(answer).toContain(
      'AK2*947*0001~\nAK5*R~\nAK2*947*0002~\nAK3*W19*4**8~\nAK4*2**6*2.5~\nAK5*R*5~\nAK9*R*2*2*0~',
    );
  });
});

describe('control numbers', () => {
  it('reservations through one state store at the same moment never share a number', async () => {
    const state = createEdiState(connection.state);
    const reserved = await Promise.all(Array.from({ length: 5 }, () => state.reserveControlNumbers('acme-3pl')));
    expect(reserved.map((numbers) => numbers.interchange).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('outbound 846s and their 997s', () => {
  const push = async (now: Date, quantity: number) =>
    await connection.connector({ now: () => now }).push.push({
      items: [
        {
          key: 'mug',
          channel: 'department-store',
          sku: 'SKU-MUG',
          location: 'wh-east',
          quantity,
          status: 'in-stock',
        },
      ],
      idempotencyKey: String(quantity),
    });
  const acknowledgement = (group: number, verdict: string, detail: string) =>
    partnerInterchange('123456789', 500 + group, 'FA', [
      {
        id: '997',
        segments: [
          ['AK1', ['IB', String(group)]],
          ['AK2', ['846', '0001']],
          ...(detail ? [['AK3', ['QTY', '4', '', '8']] as const, ['AK4', ['2', '', '6', detail]] as const] : []),
          ['AK5', [verdict]],
          ['AK9', [verdict, '1', '1', verdict === 'A' ? '1' : '0']],
        ],
      },
    ]);

  it('tracks each 846 until its 997; an overdue one is reported once per due period until it arrives', async () => {
    const sentAt = new Date('2030-03-01T10:00:00Z');
    await push(sentAt, 5);
    await push(sentAt, 6);
    const later = connection.connector({ now: () => new Date('2030-03-02T11:00:00Z') });
    await connection.drop('ack-1.x12', acknowledgement(1, 'A', ''));
    const page = await later.changes.pull({});
    expect(page.failures.map((failure) => [failure.error.name, failure.where])).toEqual([
      ['AcknowledgementOverdueError', 'outbox/846-department-store-000000002.x12'],
    ]);
    expect(AcknowledgementOverdueError.isInstance(page.failures[0]?.error)).toBe(true);
    const again = await later.changes.pull({ cursor: page.cursor });
    expect(again.failures).toEqual([]);
    await connection.drop('ack-2.x12', acknowledgement(2, 'A', ''));
    expect((await later.changes.pull({ cursor: again.cursor })).failures).toEqual([]);
  });

  it('sends the full advice on schedule even when nothing changed: every value the partner has, again', async () => {
    await push(new Date('2030-03-01T10:00:00Z'), 5);
    const poll = (at: string) => connection.connector({ now: () => new Date(at) }).changes.pull({});
    await poll('2030-03-01T20:00:00Z');
    expect(await connection.files('outbox')).toEqual(['846-department-store-000000001.x12']);
    await poll('2030-03-02T10:00:00Z');
    expect(await connection.files('outbox')).toEqual([
      '846-department-store-000000001.x12',
      '846-department-store-000000002.x12',
    ]);
    const second = await connection.read(join('outbox', '846-department-store-000000002.x12'));
    expect(second).toMatch(/BIA\*00\*SI\*000000002\*20300302\*100000\*1~/);
    expect(second).toContain('LIN**SK*MUG-001~\nQTY*33*5*EA~\nN1*WH*EAST*92*EAST~');
  });

  it("a partner's rejecting 997 is a typed failure naming its AK3 segment and AK4 element", async () => {
    await push(new Date(), 5);
    await connection.drop('ack.x12', acknowledgement(1, 'R', '5X'));
    const page = await connection.connector().changes.pull({});
    expect(page.failures).toHaveLength(1);
    expect(AdviceRejectedError.isInstance(page.failures[0]?.error)).toBe(true);
    expect(page.failures[0]?.error.message).toContain('AK3*QTY*4**8 AK4*2**6*5X AK5*R AK9*R*1*1*0');
  });
});
