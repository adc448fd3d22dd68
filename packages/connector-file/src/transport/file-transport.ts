/** A regular file directly inside a folder of the connection's tree. */
export interface FileEntry {
  readonly name: string;
  /** ISO-8601, from the server's modification time. */
  readonly modifiedAt: string;
}

/** Which version of a file: enough to notice that it was rewritten between two looks. */
export interface FileVersion {
  /** ISO-8601, from the server's modification time. */
  readonly modifiedAt: string;
  readonly size: number;
}

/** A file open for reading, consumed in chunks so a large file is never held whole. */
export interface FileReading extends FileVersion {
  /** The file's bytes, read from the server as they are consumed; read once. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Stops reading early; harmless after the last chunk. */
  close(): Promise<void>;
}

/**
 * File operations on the connection's tree, with paths relative to its root (`inbox/a.csv`). Every failure is
 * already a typed connector error: ConnectorConfigurationError, AuthenticationError or a retryable TransientError.
 */
export interface FileSession {
  /** Regular files in a folder, sorted by name; empty when the folder does not exist. */
  listFiles(folder: string): Promise<FileEntry[]>;
  /** The file's text (UTF-8), or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Opens the file for reading in chunks, or undefined when it does not exist. */
  openRead(path: string): Promise<FileReading | undefined>;
  /** The file's current version, or undefined when it does not exist. */
  version(path: string): Promise<FileVersion | undefined>;
  exists(path: string): Promise<boolean>;
  /** Writes to a hidden temporary name in the same folder, then renames over `path`: readers never see half a file. */
  writeTextAtomically(path: string, text: string): Promise<void>;
  /** Renames a file, creating the destination folder; the destination must not exist. */
  move(from: string, to: string): Promise<void>;
  /** Operations sent to the server so far, for `requestsMade`. */
  readonly operations: number;
}

export interface FileTransport {
  /** Where the files are, for messages: `folder /data/wms` or `sftp://user@host:22/inventory`. */
  readonly description: string;
  /** Opens the tree (a connection, for SFTP), runs `work`, and always closes it again. */
  withSession<Result>(work: (session: FileSession) => Promise<Result>): Promise<Result>;
  /** Opens the tree for work that spans calls (a snapshot read in pages); the caller must close it. */
  openSession(): Promise<OpenFileSession>;
}

export interface OpenFileSession {
  readonly session: FileSession;
  close(): Promise<void>;
}

/** A hidden name beside the target, unique per write, so concurrent writers never share a temporary file. */
export function temporaryNameFor(path: string): string {
  const slash = path.lastIndexOf('/');
  const folder = slash === -1 ? '' : path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  return `${folder}.${name}.${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`;
}

export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
