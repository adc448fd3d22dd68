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

const FileVersionSchema = z.strictObject({ name: z.string().min(1), modifiedAt: z.string() });

/**
 * Where a poll stopped. Partners name files as they like (often a random id), so the cursor does not rely on name
 * order: `done` lists the files the last page read completely, moved to processed/ by the next poll (after the
 * runner stored this cursor: a crash before that re-reads them, and their idempotency keys make it a no-op);
 * `current` is a file read partly, with how many of its detail lines were returned.
 */
export const EdiChangesCursorSchema = z.strictObject({
  done: z.array(FileVersionSchema),
  current: z.strictObject({ file: z.string().min(1), item: z.number().int().min(0) }).optional(),
});
export type EdiChangesCursor = z.infer<typeof EdiChangesCursorSchema>;

export interface ChangesDependencies extends DocumentDependencies {
  readonly transport: FileTransport;
}

const start: EdiChangesCursor = { done: [] };

/**
 * 944 receipts and 947 adjustments as events, 997s as acknowledgements of our 846s, bad documents as failures
 * (each moved aside, the others read on), and what the schedule says is due (full advices, overdue
 * acknowledgements). 846s are left in inbox/ for the snapshot.
 */
export async function pullEdiChanges(
  dependencies: ChangesDependencies,
  request: PollRequestV2<EdiChangesCursor>,
): Promise<PollPageV2<EdiChangesCursor>> {
  const parsed = EdiChangesCursorSchema.safeParse(request.cursor ?? start);
  if (!parsed.success) {
    const problem = `${JSON.stringify(request.cursor)} is not an X12 poll cursor ({ done, current })`;
    throw new InvalidX12CursorError({ connection: dependencies.mapping.connection, problem });
  }
  const previous = parsed.data;
  const limit = Math.min(request.limit ?? dependencies.settings.pageSize, dependencies.settings.pageSize);
  return await dependencies.transport.withSession(async (session) => {
    const events: InventoryEvent[] = [];
    const failures: ItemFailureV2[] = [];
    const done: Array<{ name: string; modifiedAt: string }> = [];
    let current: EdiChangesCursor['current'];
    let hasMore = false;
    // The same name with another modification time is a new upload: it is read, not moved away unread.
    const read = new Set(previous.done.map((file) => JSON.stringify([file.name, file.modifiedAt])));
    for (const scan of await scanInboundFiles(session, dependencies.settings)) {
      const entry = 'file' in scan ? scan.file : scan.unreadable;
      if ('file' in scan && scan.file.kind === '846') continue;
      if (read.has(JSON.stringify([entry.name, entry.modifiedAt]))) {
        await moveToProcessed(session, entry.name);
        continue;
      }
      if (hasMore) continue;
      if (events.length + failures.length >= limit) {
        hasMore = true;
        continue;
      }
      if (!('file' in scan)) {
        failures.push(await rejectDocument(session, entry.name, [scan.reason], dependencies.mapping.connection));
        continue;
      }
      const skip = previous.current?.file === entry.name ? previous.current.item : 0;
      const items = await readFile(session, dependencies, scan.file);
      const taken = items.slice(skip, skip + limit - events.length - failures.length);
      for (const item of taken) {
        if ('failure' in item) failures.push(item.failure);
        else events.push(item.value);
      }
      if (skip + taken.length >= items.length) done.push({ name: entry.name, modifiedAt: entry.modifiedAt });
      else {
        current = { file: entry.name, item: skip + taken.length };
        hasMore = true;
      }
    }
    failures.push(...(await runSchedule(dependencies)));
    return { events, failures, cursor: { done, ...(current === undefined ? {} : { current }) }, hasMore };
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
