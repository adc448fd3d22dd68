import type { FileTransport } from '@stockwire/connector-file';
import type { RemoteInventoryRecordV2, SnapshotPageV2, SnapshotRequestV2 } from '@stockwire/connector-spec';
import { moveToProcessed, scanInboundFiles } from './inbound-files.ts';
import { read846 } from './map-inbound.ts';
import { type DocumentDependencies, readDocument } from './read-documents.ts';

export interface SnapshotDependencies extends DocumentDependencies {
  readonly transport: FileTransport;
}

/**
 * The partners' inbound 846s as authority records. Each partner's newer 846 replaces its older ones (moved to
 * processed/ as superseded); the newest stays in inbox/ as the partner's current stock. Pages are offsets into
 * that one sorted list, so a page never splits a record.
 */
export async function readAdviceSnapshot(
  dependencies: SnapshotDependencies,
  request: SnapshotRequestV2,
): Promise<SnapshotPageV2> {
  const offset = request.cursor === undefined ? 0 : Number.parseInt(request.cursor, 10) || 0;
  return await dependencies.transport.withSession(async (session) => {
    const scans = await scanInboundFiles(session, dependencies.settings);
    const records = new Map<string, RemoteInventoryRecordV2>();
    const failures: SnapshotPageV2['failures'][number][] = [];
    const newestByPartner = new Map<string, string>();
    for (const scan of scans) {
      if (!('file' in scan) || scan.file.kind !== '846') continue;
      const outcome = await readDocument(session, dependencies, scan.file, read846);
      if (!outcome.accepted) {
        failures.push(outcome.failure);
        continue;
      }
      for (const item of outcome.items) {
        if ('failure' in item) failures.push(item.failure);
        else records.set(JSON.stringify([item.value.sku, item.value.location]), item.value);
      }
      const partner = scan.file.interchanges[0]?.partner.name ?? '';
      const older = newestByPartner.get(partner);
      if (older !== undefined) await moveToProcessed(session, older);
      newestByPartner.set(partner, scan.file.name);
    }
    const sorted = [...records.entries()]
      .sort(([left], [right]) => (left < right ? -1 : 1))
      .map(([, record]) => record);
    const page = sorted.slice(offset, offset + dependencies.settings.pageSize);
    const next = offset + page.length;
    return {
      records: page,
      failures: offset === 0 ? failures : [],
      ...(next < sorted.length ? { nextCursor: String(next) } : {}),
    };
  });
}
