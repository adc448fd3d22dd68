import type { FileSession, FileTransport } from '@stockwire/connector-file';
import type { ItemFailureV2, PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { InvalidX12CursorError } from './edi-errors.ts';
import { runSchedule } from './edi-schedule.ts';
import { type InboundFile, moveToProcessed, rejectDocument, scanInboundFiles } from './inbound-files.ts';
import { type InboundItem, readWarehouseAdvice } from './map-inbound.ts';
import { applyAcknowledgements } from './read-997.ts';
import { type DocumentDependencies, readDocument } from './read-documents.ts';

/**
 * Where a poll stopped: the file (files are read in name order), how many of its detail lines were returned, and
 * whether it is done. Files done before the cursor move to processed/ on the next poll, after the runner stored it.
 */
export const EdiChangesCursorSchema = z.strictObject({
  file: z.string(),
  item: z.number().int().min(0),
  complete: z.boolean(),
});
export type EdiChangesCursor = z.infer<typeof EdiChangesCursorSchema>;

export interface ChangesDependencies extends DocumentDependencies {
  readonly transport: FileTransport;
}

const start: EdiChangesCursor = { file: '', item: 0, complete: true };

/**
 * 944 receipts and 947 adjustments as events, 997s as acknowledgements of our 846s, bad documents as failures
 * (each moved aside, the others read on), and every overdue acknowledgement as a failure (an alert). 846s are
 * left in inbox/ for the snapshot.
 */
export async function pullEdiChanges(
  dependencies: ChangesDependencies,
  request: PollRequestV2<EdiChangesCursor>,
): Promise<PollPageV2<EdiChangesCursor>> {
  const parsed = EdiChangesCursorSchema.safeParse(request.cursor ?? start);
  if (!parsed.success) {
    const problem = `${JSON.stringify(request.cursor)} is not an X12 poll cursor ({ file, item, complete })`;
    throw new InvalidX12CursorError({ connection: dependencies.mapping.connection, problem });
  }
  const limit = Math.min(request.limit ?? dependencies.settings.pageSize, dependencies.settings.pageSize);
  return await dependencies.transport.withSession(async (session) => {
    const events: InventoryEvent[] = [];
    const failures: ItemFailureV2[] = [];
    let cursor = parsed.data;
    let hasMore = false;
    for (const scan of await scanInboundFiles(session, dependencies.settings)) {
      const name = 'file' in scan ? scan.file.name : scan.unreadable.name;
      const done = name < cursor.file || (name === cursor.file && cursor.complete);
      if ('file' in scan && scan.file.kind === '846') continue;
      if (done) {
        await moveToProcessed(session, name);
        continue;
      }
      if (events.length + failures.length >= limit) {
        hasMore = true;
        break;
      }
      if (!('file' in scan)) {
        failures.push(await rejectDocument(session, name, [scan.reason], dependencies.mapping.connection));
        cursor = { file: name, item: 0, complete: true };
        continue;
      }
      const skip = name === cursor.file ? cursor.item : 0;
      const read = await readFile(session, dependencies, scan.file);
      const room = limit - events.length - failures.length;
      const taken = read.slice(skip, skip + room);
      for (const item of taken) {
        if ('failure' in item) failures.push(item.failure);
        else events.push(item.value);
      }
      const complete = skip + taken.length >= read.length;
      cursor = { file: name, item: complete ? 0 : skip + taken.length, complete };
      if (!complete) {
        hasMore = true;
        break;
      }
    }
    failures.push(...(await runSchedule(dependencies)));
    return { events, failures, cursor, hasMore };
  });
}

async function readFile(
  session: FileSession,
  dependencies: ChangesDependencies,
  file: InboundFile,
): Promise<InboundItem<InventoryEvent>[]> {
  if (file.kind === '997') return (await applyAcknowledgements(dependencies, file)).map((failure) => ({ failure }));
  const outcome = await readDocument(session, dependencies, file, readWarehouseAdvice);
  return outcome.accepted ? [...outcome.items] : [{ failure: outcome.failure }];
}
