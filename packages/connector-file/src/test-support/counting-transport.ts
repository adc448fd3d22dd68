import type { FileSession, FileTransport } from '../transport/file-transport.ts';

/** What went through a transport: sessions opened and files read, by path. */
export interface TransportCounts {
  sessions: number;
  /** Every `openRead` and `readText`, by path. */
  readonly reads: Map<string, number>;
}

/**
 * Wraps a real transport and counts what passes through it; every call still goes to the folder or SFTP server.
 * For tests that prove how often a file is read.
 */
export function countingTransport(inner: FileTransport): { transport: FileTransport; counts: TransportCounts } {
  const counts: TransportCounts = { sessions: 0, reads: new Map() };
  const countRead = (path: string) => counts.reads.set(path, (counts.reads.get(path) ?? 0) + 1);
  const watch = (session: FileSession): FileSession => ({
    get operations() {
      return session.operations;
    },
    listFiles: (folder) => session.listFiles(folder),
    readText: (path) => {
      countRead(path);
      return session.readText(path);
    },
    openRead: (path) => {
      countRead(path);
      return session.openRead(path);
    },
    version: (path) => session.version(path),
    exists: (path) => session.exists(path),
    writeTextAtomically: (path, text) => session.writeTextAtomically(path, text),
    move: (from, to) => session.move(from, to),
  });
  const transport: FileTransport = {
    description: inner.description,
    withSession(work) {
      counts.sessions++;
      return inner.withSession((session) => work(watch(session)));
    },
    async openSession() {
      counts.sessions++;
      const opened = await inner.openSession();
      return { session: watch(opened.session), close: () => opened.close() };
    },
  };
  return { transport, counts };
}
