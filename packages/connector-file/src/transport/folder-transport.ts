import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectorConfigurationError, TransientError } from '@stockwire/connector-spec';
import type { FolderTransportSettings } from '../file-settings.ts';
import {
  type FileEntry,
  type FileSession,
  type FileTransport,
  parentFolder,
  temporaryNameFor,
} from './file-transport.ts';

/** Error codes that mean "the settings or permissions are wrong", which waiting will not fix. */
const configurationCodes = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EROFS', 'ELOOP']);

/** The connection's tree is a local (or mounted) folder. */
export function createFolderTransport(settings: FolderTransportSettings, connection: string): FileTransport {
  const description = `folder ${settings.path}`;

  const translate = (error: unknown, operation: string, path: string): Error => {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    const target = `${operation} ${join(settings.path, path)}`;
    if (configurationCodes.has(code)) {
      return new ConnectorConfigurationError({
        connector: 'file',
        connection,
        cause: error,
        problem: `${target} failed with ${code}; give the runner's user read and write access to ${settings.path}`,
      });
    }
    return new TransientError({ connection, target, reason: `${code} (${(error as Error).message})`, cause: error });
  };

  const session = (): FileSession => {
    let operations = 0;
    const run = async <Result>(operation: string, path: string, work: () => Promise<Result>): Promise<Result> => {
      operations++;
      try {
        return await work();
      } catch (error) {
        throw translate(error, operation, path);
      }
    };
    const absolute = (path: string) => join(settings.path, path);
    return {
      get operations() {
        return operations;
      },
      async listFiles(folder) {
        return await run('list', folder, async () => {
          const entries = await readdir(absolute(folder), { withFileTypes: true }).catch(ifMissing([]));
          const files: FileEntry[] = [];
          for (const entry of entries.filter((candidate) => candidate.isFile())) {
            const info = await stat(join(absolute(folder), entry.name)).catch(ifMissing(undefined));
            if (info !== undefined) files.push({ name: entry.name, modifiedAt: info.mtime.toISOString() });
          }
          return files.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
        });
      },
      async readText(path) {
        return await run('read', path, () => readFile(absolute(path), 'utf8').catch(ifMissing(undefined)));
      },
      async openRead(path) {
        const handle = await run('open', path, () => open(absolute(path), 'r').catch(ifMissing(undefined)));
        if (handle === undefined) return undefined;
        // The open handle's own stat: the version of exactly the bytes that will be read.
        const info = await run('stat', path, () => handle.stat());
        const stream = handle.createReadStream();
        // Errors reach the reader through the iteration below; a stream closed early must not throw elsewhere.
        stream.on('error', () => undefined);
        async function* chunks(): AsyncGenerator<Buffer> {
          try {
            for await (const chunk of stream) yield chunk as Buffer;
          } catch (error) {
            throw translate(error, 'read', path);
          } finally {
            stream.destroy();
          }
        }
        return {
          modifiedAt: info.mtime.toISOString(),
          size: info.size,
          chunks: chunks(),
          async close() {
            stream.destroy();
            await handle.close().catch(() => undefined);
          },
        };
      },
      async version(path) {
        const info = await run('stat', path, () => stat(absolute(path)).catch(ifMissing(undefined)));
        return info === undefined ? undefined : { modifiedAt: info.mtime.toISOString(), size: info.size };
      },
      async exists(path) {
        return await run(
          'stat',
          path,
          async () => (await stat(absolute(path)).catch(ifMissing(undefined))) !== undefined,
        );
      },
      async writeTextAtomically(path, text) {
        const temporary = temporaryNameFor(path);
        await run('write', path, async () => {
          await mkdir(absolute(parentFolder(path)), { recursive: true });
          try {
            await writeFile(absolute(temporary), text, 'utf8');
            await rename(absolute(temporary), absolute(path));
          } catch (error) {
            await rm(absolute(temporary), { force: true });
            throw error;
          }
        });
      },
      async move(from, to) {
        await run('move', from, async () => {
          await mkdir(absolute(parentFolder(to)), { recursive: true });
          await rename(absolute(from), absolute(to));
        });
      },
    };
  };

  const checkRoot = async () => {
    const root = await stat(settings.path).catch(() => undefined);
    if (!root?.isDirectory()) {
      throw new ConnectorConfigurationError({
        connector: 'file',
        connection,
        problem: `transport.path ${settings.path} does not exist or is not a folder; create it or fix the path`,
      });
    }
  };

  return {
    description,
    async withSession(work) {
      await checkRoot();
      return await work(session());
    },
    async openSession() {
      await checkRoot();
      return { session: session(), close: async () => undefined };
    },
  };
}

function ifMissing<Value>(value: Value): (error: unknown) => Value {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return value;
    throw error;
  };
}
