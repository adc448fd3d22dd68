import { connectionCheckResult, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2, ConnectionCheckStepV2 } from '@stockwire/connector-spec';
import { folders } from './file-layout.ts';
import type { FolderTransportSettings, SftpTransportSettings } from './file-settings.ts';
import type { FileSession, FileTransport, OpenFileSession } from './transport/file-transport.ts';

/** Hidden, so readers of `availability-*` never pick it up; rewritten in place by every check, so it never piles up. */
export const checkProbePath = `${folders.outbox}/.stockwire-check`;

/** A local folder has no connect timeout of its own; a hung mount still must not hold `stockwire check`. */
const folderCheckTimeoutMs = 10_000;

/**
 * The file connection's check: `transport` opens the tree (for SFTP: the host key, the credentials and that
 * transport.path is a folder — wrong credentials fail it with AuthenticationError), `folders` sees that inbox/ exists
 * and can be listed and that outbox/ takes a write. There is no `locations` check: location ids are only values in
 * the files the other side writes, so nothing on the transport says which exist before a file names them.
 * Shared with the EDI X12 connector, which moves its documents through the same tree.
 */
export function createFileTreeCheck(
  transport: FileTransport,
  transportSettings: FolderTransportSettings | SftpTransportSettings,
): CheckCapabilityV2 {
  // Opening costs one connect (bounded by connectTimeoutMs); the folder step makes a few small calls on it.
  const timeoutMs = transportSettings.kind === 'sftp' ? transportSettings.connectTimeoutMs * 2 : folderCheckTimeoutMs;
  return {
    checks: ['transport', 'folders'],
    async check() {
      let opened: OpenFileSession | undefined;
      let opening: Promise<OpenFileSession> | undefined;
      const transportStep = await runCheckStep('transport', timeoutMs, async () => {
        opening = transport.openSession();
        opened = await opening;
        return { ok: true, message: `opened ${transport.description}` };
      });
      if (opened === undefined) {
        // A session that opens after the timeout fired is still closed, so no connection is left behind.
        opening?.then((late) => late.close()).catch(() => {});
        return connectionCheckResult([transportStep, skippedCheck('folders', 'transport')]);
      }
      const open = opened;
      let foldersStep: ConnectionCheckStepV2;
      try {
        foldersStep = await runCheckStep('folders', timeoutMs, () => checkFolders(open.session, transport.description));
      } finally {
        await open.close().catch(() => {});
      }
      return connectionCheckResult([transportStep, foldersStep]);
    },
  };
}

async function checkFolders(session: FileSession, description: string) {
  // listFiles answers [] for a missing folder (polls tolerate it), so existence is asked first.
  if (!(await session.exists(folders.inbox))) {
    return {
      ok: false,
      message: `${folders.inbox}/ does not exist in ${description}; create it or fix transport.path (files are read from there)`,
    };
  }
  const waiting = (await session.listFiles(folders.inbox)).length;
  await session.writeTextAtomically(checkProbePath, `stockwire check ${new Date().toISOString()}\n`);
  return {
    ok: true,
    message: `${folders.inbox}/ lists (${waiting} file${waiting === 1 ? '' : 's'}), ${folders.outbox}/ is writable`,
  };
}
