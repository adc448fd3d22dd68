import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { RedisClient } from '@stockwire/engine';

/** How many starts the history keeps: enough for weeks of deploys, bounded so Redis never grows with it. */
export const configurationHistoryLength = 100;

/**
 * One configuration a runner started with: which file, its exact content (by hash), who last changed it and
 * when (the file's metadata), and when the runner started. Answers "which rules produced this number yesterday".
 */
export interface ConfigurationStart {
  /** SHA-256 of the file's bytes, as `sha256sum` prints it. */
  readonly contentHash: string;
  /** The absolute path the runner read. */
  readonly file: string;
  readonly sizeBytes: number;
  /** When the file was last modified (its mtime). */
  readonly modifiedAt: string;
  /** The file owner's uid, and name when this machine knows it (null on systems without uids). */
  readonly ownerUid: number | null;
  readonly ownerName: string | null;
  readonly startedAt: string;
  readonly host: string;
  readonly pid: number;
}

/** The file's hash and metadata, read together with the bytes so the hash is of what was there at start. */
export async function describeConfigurationFile(
  file: string,
  cwd: string,
  startedAt: Date,
): Promise<ConfigurationStart> {
  const path = resolve(cwd, file);
  const [bytes, metadata] = await Promise.all([readFile(path), stat(path)]);
  const ownerUid = metadata.uid >= 0 && process.platform !== 'win32' ? metadata.uid : null;
  return {
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    file: path,
    sizeBytes: bytes.length,
    modifiedAt: metadata.mtime.toISOString(),
    ownerUid,
    ownerName: ownerUid === null ? null : await userNameOf(ownerUid),
    startedAt: startedAt.toISOString(),
    host: hostname(),
    pid: process.pid,
  };
}

/** The account name of a uid: this process's own, else the passwd file's; null when neither knows it. */
async function userNameOf(uid: number): Promise<string | null> {
  try {
    const self = userInfo();
    if (self.uid === uid) return self.username;
  } catch {
    // A uid without a passwd entry (a container's arbitrary user) has no name here; the passwd file may know.
  }
  try {
    const passwd = await readFile('/etc/passwd', 'utf8');
    for (const line of passwd.split('\n')) {
      const [name, , id] = line.split(':');
      if (name !== undefined && Number(id) === uid) return name;
    }
  } catch {
    // No passwd file (Windows, a distroless image): the uid is all there is.
  }
  return null;
}

export interface ConfigurationHistory {
  record(start: ConfigurationStart): Promise<void>;
  /** Newest first. */
  list(limit?: number): Promise<ConfigurationStart[]>;
}

/** A list per installation (key prefix), shared by every runner on that Redis: each start adds one entry. */
export function createConfigurationHistory(redis: RedisClient, keyPrefix: string): ConfigurationHistory {
  // A hash tag of its own: the push and trim touch one key, wherever a cluster puts it.
  const key = `{${keyPrefix}:configuration-history}`;
  return {
    async record(start) {
      await redis
        .multi()
        .lpush(key, JSON.stringify(start))
        .ltrim(key, 0, configurationHistoryLength - 1)
        .exec();
    },
    async list(limit = configurationHistoryLength) {
      const entries = await redis.lrange(key, 0, Math.max(0, limit - 1));
      return entries.map((entry) => JSON.parse(entry) as ConfigurationStart);
    },
  };
}
