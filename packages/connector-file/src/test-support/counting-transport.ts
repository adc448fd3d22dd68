import type { FileSession, FileTransport } from '../transport/file-transport.ts';

/** What went through a transport: sessions opened and files read, by path. */
export interface TransportCounts {
  sessions: number;
  /** Every `openRead` and `readText`, by path. */
  readonly reads: Map<string, number>;
  /** Bytes handed to the reader, by path: what `openRead` chunks delivered plus what `readText` returned. */
  readonly bytes: Map<string, number>;
}

/**
 * Wraps a real transport and counts what passes through it; every call still goes to the folder or SFTP server.
 * For tests that prove how often a file is read.
 */
export function countingTransport(inner: FileTransport): { transport: FileTransport; counts: TransportCounts } {
  const counts: TransportCounts = { sessions: 0, reads: new Map(), bytes: new Map() };
  const countRead = (path: string) => counts.reads.set(path, (counts.reads.get(path) ?? 0) + 1);
  const countBytes = (path: string, length: number) => counts.bytes.set(path, (counts.bytes.get(path) ?? 0) + length);
  async function* countedChunks(path: string, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      countBytes(path, chunk.length);
      yield chunk;
    }
  }
  const watch = (session: FileSession): FileSession => ({
    get operations() {
      return session.operations;
    },
    listFiles: (folder) => session.listFiles(folder),
    readText: async (path) => {
      countRead(path);
      const text = await session.readText(path);
      if (text !== undefined) countBytes(path, Buffer.byteLength(text));
      return text;
    },
    openRead: async (path) => {
      countRead(path);
      const reading = await session.openRead(path);
      if (reading === undefined) return undefined;
      return {
        modifiedAt: reading.modifiedAt,
        size: reading.size,
        chunks: countedChunks(path, reading.chunks),
        close: () => reading.close(),
      };
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
