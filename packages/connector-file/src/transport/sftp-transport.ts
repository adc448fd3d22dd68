import { createHash } from 'node:crypto';
import { connect as connectSocket } from 'node:net';
import { posix } from 'node:path';
import { readSecret } from '@stockwire/connector-kit';
import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import SftpClient from 'ssh2-sftp-client';
import type { SftpTransportSettings } from '../file-settings.ts';
import {
  type FileEntry,
  type FileSession,
  type FileTransport,
  type OpenFileSession,
  parentFolder,
  temporaryNameFor,
} from './file-transport.ts';
import { translateSftpError } from './translate-sftp-error.ts';

/** SFTP status codes (draft-ietf-secsh-filexfer-02 §7) and the client's own codes for a missing path. */
const noSuchFile = new Set<unknown>([2, 'ENOENT']);

/**
 * The connection's tree is a folder on an SFTP server. One connection per call (a poll, a push) or per snapshot
 * (its pages stream from one read): nothing to keep alive between polls a minute apart, and a dropped connection
 * never poisons the next call.
 */
export function createSftpTransport(
  settings: SftpTransportSettings,
  connection: string,
  environment: NodeJS.ProcessEnv,
): FileTransport {
  const description = `sftp://${settings.username}@${settings.host}:${settings.port}/${settings.path}`;
  const resolve = (path: string) => posix.join(settings.path, path);
  const missing = (problem: string) => new ConnectorConfigurationError({ connector: 'file', connection, problem });

  const credentials = () => {
    if (settings.password !== undefined) {
      return { password: readSecret(settings.password, 'transport.password', environment, missing) };
    }
    if (settings.privateKey === undefined) throw new Error('the settings schema requires privateKey or password');
    const privateKey = readSecret(settings.privateKey, 'transport.privateKey', environment, missing);
    const passphrase =
      settings.passphrase === undefined
        ? undefined
        : readSecret(settings.passphrase, 'transport.passphrase', environment, missing);
    return { privateKey, ...(passphrase === undefined ? {} : { passphrase }) };
  };

  const connect = async (client: SftpClient): Promise<void> => {
    const secrets = credentials();
    let offeredFingerprint: string | undefined;
    const hostVerifier =
      settings.hostFingerprint === undefined
        ? undefined
        : (key: Buffer) => {
            offeredFingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
            return offeredFingerprint === settings.hostFingerprint;
          };
    try {
      await client.connect({
        // SFTP is a conversation of small packets; with Nagle's algorithm on, each round trip waits for a delayed
        // ACK (40 ms on Linux), which made one connection cost ~400 ms instead of ~40 ms. ssh2 has no option for it.
        sock: connectSocket({ host: settings.host, port: settings.port, noDelay: true }),
        host: settings.host,
        port: settings.port,
        username: settings.username,
        readyTimeout: settings.connectTimeoutMs,
        ...secrets,
        ...(hostVerifier === undefined ? {} : { hostVerifier }),
      });
    } catch (error) {
      if (offeredFingerprint !== undefined && offeredFingerprint !== settings.hostFingerprint) {
        throw new ConnectorConfigurationError({
          connector: 'file',
          connection,
          problem:
            `the server ${settings.host}:${settings.port} presented host key ${offeredFingerprint}, not ` +
            `transport.hostFingerprint ${settings.hostFingerprint}; if the server's key really changed, update the setting`,
        });
      }
      throw translateSftpError(error, {
        connection,
        target: `connect to ${description}`,
        secrets: Object.values(secrets),
      });
    }
  };

  const session = (client: SftpClient): FileSession => {
    let operations = 0;
    const run = async <Result>(operation: string, path: string, work: () => Promise<Result>): Promise<Result> => {
      operations++;
      try {
        return await work();
      } catch (error) {
        throw translateSftpError(error, { connection, target: `${operation} ${resolve(path)} on ${description}` });
      }
    };
    const missingAs =
      <Value>(value: Value) =>
      (error: unknown): Value => {
        if (noSuchFile.has((error as { code?: unknown }).code)) return value;
        throw error;
      };
    const ensureFolder = async (folder: string) => {
      if (folder !== '' && (await client.exists(resolve(folder))) !== 'd') await client.mkdir(resolve(folder), true);
    };
    const replace = async (from: string, to: string) => {
      try {
        await client.posixRename(resolve(from), resolve(to));
      } catch (error) {
        // Servers without OpenSSH's posix-rename extension refuse to rename over a file; remove it first (the
        // only window where a reader can miss the file, documented in the README).
        if (!/not support|unsupported/i.test((error as Error).message)) throw error;
        await client.delete(resolve(to), true);
        await client.rename(resolve(from), resolve(to));
      }
    };
    return {
      get operations() {
        return operations;
      },
      async listFiles(folder) {
        return await run('list', folder, async () => {
          const entries = await client.list(resolve(folder)).catch(missingAs([]));
          return entries
            .filter((entry) => entry.type === '-')
            .map((entry): FileEntry => ({ name: entry.name, modifiedAt: new Date(entry.modifyTime).toISOString() }))
            .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
        });
      },
      async readText(path) {
        return await run('read', path, async () => {
          const content = await client.get(resolve(path)).catch(missingAs(undefined));
          if (content === undefined) return undefined;
          return Buffer.isBuffer(content) ? content.toString('utf8') : String(content);
        });
      },
      async openRead(path) {
        const info = await run('stat', path, () => client.stat(resolve(path)).catch(missingAs(undefined)));
        if (info === undefined) return undefined;
        const stream = await run('open', path, async () => client.createReadStream(resolve(path)));
        // Reading reports errors through the iteration below; this keeps the handle's close, which ssh2 answers
        // after the stream is destroyed (or never, when the connection ends first), from being an uncaught error.
        stream.on('error', () => undefined);
        const target = `read ${resolve(path)} on ${description}`;
        async function* chunks(): AsyncGenerator<Buffer> {
          try {
            for await (const chunk of stream) yield chunk as Buffer;
          } catch (error) {
            throw translateSftpError(error, { connection, target });
          } finally {
            stream.destroy();
          }
        }
        return {
          modifiedAt: new Date(info.modifyTime).toISOString(),
          size: info.size,
          chunks: chunks(),
          async close() {
            // Wait for ssh2 to close the remote handle before the connection may be ended. A reader that stopped
            // early destroyed the stream with an AbortError (Node's async iterator does), and then ssh2 closes the
            // handle but emits 'error' instead of 'close' (its emitClose is false); `isClosed` is set either way.
            if ((stream as { isClosed?: boolean }).isClosed === true) return;
            await new Promise((resolve) => {
              stream.once('close', resolve).once('error', resolve);
              stream.destroy();
            });
          },
        };
      },
      async version(path) {
        const info = await run('stat', path, () => client.stat(resolve(path)).catch(missingAs(undefined)));
        return info === undefined
          ? undefined
          : { modifiedAt: new Date(info.modifyTime).toISOString(), size: info.size };
      },
      async exists(path) {
        return await run('stat', path, async () => (await client.exists(resolve(path))) !== false);
      },
      async writeTextAtomically(path, text) {
        const temporary = temporaryNameFor(path);
        await run('write', path, async () => {
          await ensureFolder(parentFolder(path));
          try {
            await client.put(Buffer.from(text, 'utf8'), resolve(temporary));
            await replace(temporary, path);
          } catch (error) {
            await client.delete(resolve(temporary), true).catch(() => undefined);
            throw error;
          }
        });
      },
      async move(from, to) {
        await run('move', from, async () => {
          await ensureFolder(parentFolder(to));
          await client.rename(resolve(from), resolve(to));
        });
      },
    };
  };

  const open = async (): Promise<OpenFileSession> => {
    const quiet = () => undefined;
    // The client's default callbacks print to the console; errors reach us through the rejected calls instead.
    const client = new SftpClient('stockwire-file', { error: quiet, end: quiet, close: quiet });
    const close = async () => {
      await client.end().catch(() => undefined);
    };
    try {
      await connect(client);
      const root = await client.exists(settings.path).catch((error: unknown) => {
        throw translateSftpError(error, { connection, target: `stat ${settings.path} on ${description}` });
      });
      if (root !== 'd') {
        throw new ConnectorConfigurationError({
          connector: 'file',
          connection,
          problem: `transport.path ${settings.path} is not a folder on ${description}; create it or fix the path`,
        });
      }
    } catch (error) {
      await close();
      throw error;
    }
    return { session: session(client), close };
  };

  return {
    description,
    async withSession(work) {
      const opened = await open();
      try {
        return await work(opened.session);
      } finally {
        await opened.close();
      }
    },
    openSession: open,
  };
}
