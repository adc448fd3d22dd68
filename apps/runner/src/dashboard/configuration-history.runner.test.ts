import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { useRedisServer } from '@stockwire/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigurationStart } from '../config/configuration-history.ts';
import { startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';

const redis = useRedisServer();
const adminToken = 'history-token-for-tests-77c1';
let world: SyncWorld;
let secondFile: string;

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

beforeAll(async () => {
  world = await createSyncWorld();
  // The second configuration changes the rules: it adds suppliers for replenishment.
  secondFile = join(world.root, 'stockwire.next.yaml');
  await writeFile(
    secondFile,
    `${await readFile(world.configurationFile, 'utf8')}replenishment:\n  suppliers:\n    - { id: acme, leadTimeDays: 7, default: true }\n`,
  );
});

interface HistoryAnswer {
  readonly current: Pick<ConfigurationStart, 'contentHash' | 'file' | 'startedAt' | 'host' | 'pid'> | null;
  readonly starts: ReadonlyArray<ConfigurationStart & { current: boolean; thisRunner: boolean }>;
}

/** Starts `stockwire run` with a file, reads the history over the admin API, stops it; returns both. */
async function runWith(configurationFile: string) {
  const runner = await startRunnerProcess({
    configurationFile,
    redisUrl: redis.url,
    environment: { STOCKWIRE_ADMIN_TOKEN: adminToken },
  });
  try {
    const answer = await fetch(`${runner.url}/admin/configuration-history`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const unauthorised = await fetch(`${runner.url}/admin/configuration-history`);
    return {
      status: answer.status,
      unauthorisedStatus: unauthorised.status,
      starts: ((await answer.json()) as HistoryAnswer).starts,
      output: runner.output(),
      pid: runner.child.pid,
    };
  } finally {
    await runner.stop('SIGTERM');
  }
}

describe('configuration history, through stockwire run', () => {
  it('records every configuration a runner starts with — hash, file, owner and mtime, start time — newest first', async () => {
    const first = await runWith(world.configurationFile);
    expect(first.status).toBe(200);
    expect(first.unauthorisedStatus).toBe(401);
    expect(first.starts).toHaveLength(1);

    const second = await runWith(secondFile);
    expect(second.starts).toHaveLength(2);
    const [newest, oldest] = second.starts;
    const firstStat = await stat(world.configurationFile);
    const secondStat = await stat(secondFile);
    // What sha256sum prints for each file, and who owns it: the test's own user wrote both.
    expect(oldest).toEqual({
      contentHash: await sha256(world.configurationFile),
      file: world.configurationFile,
      sizeBytes: firstStat.size,
      modifiedAt: firstStat.mtime.toISOString(),
      ownerUid: firstStat.uid,
      ownerName: userInfo().username,
      startedAt: first.starts[0]?.startedAt,
      host: expect.any(String),
      pid: first.pid,
      // The serving runner started with the second file: the first file's start is neither current nor its own.
      current: false,
      thisRunner: false,
    });
    expect(newest).toMatchObject({
      contentHash: await sha256(secondFile),
      file: secondFile,
      modifiedAt: secondStat.mtime.toISOString(),
      pid: second.pid,
      current: true,
      thisRunner: true,
    });
    expect(newest?.contentHash).not.toBe(oldest?.contentHash);
    expect(Date.parse(newest?.startedAt ?? '')).toBeGreaterThan(Date.parse(oldest?.startedAt ?? ''));
    // Each runner says so in its log too.
    expect(second.output).toContain(`configuration ${secondFile} sha256:${newest?.contentHash} recorded`);
  });

  it('marks as current what the serving runner started with, not the newest start of another runner', async () => {
    // Two runners of one installation, started together with different files: one of them recorded last.
    const [first, second] = await Promise.all(
      [world.configurationFile, secondFile].map((configurationFile) =>
        startRunnerProcess({
          configurationFile,
          redisUrl: redis.url,
          environment: { STOCKWIRE_ADMIN_TOKEN: adminToken },
        }),
      ),
    );
    try {
      const read = async (url: string) =>
        (await (
          await fetch(`${url}/admin/configuration-history`, { headers: { authorization: `Bearer ${adminToken}` } })
        ).json()) as HistoryAnswer;
      const [fromFirst, fromSecond] = await Promise.all([read(first?.url ?? ''), read(second?.url ?? '')]);
      const firstHash = await sha256(world.configurationFile);
      const secondHash = await sha256(secondFile);
      expect(fromFirst.current).toMatchObject({
        contentHash: firstHash,
        file: world.configurationFile,
        pid: first?.child.pid,
      });
      expect(fromSecond.current).toMatchObject({ contentHash: secondHash, file: secondFile, pid: second?.child.pid });
      // Four starts in all: the previous test's two (first file, then second) and these two, in either order.
      for (const [answer, own, other] of [
        [fromFirst, world.configurationFile, secondFile],
        [fromSecond, secondFile, world.configurationFile],
      ] as const) {
        expect(answer.starts).toHaveLength(4);
        expect(answer.starts.filter((start) => start.current).map((start) => start.file)).toEqual([own, own]);
        expect(answer.starts.filter((start) => !start.current).map((start) => start.file)).toEqual([other, other]);
      }
      expect(fromFirst.starts.filter((start) => start.thisRunner).map((start) => start.pid)).toEqual([
        first?.child.pid,
      ]);
      expect(fromSecond.starts.filter((start) => start.thisRunner).map((start) => start.pid)).toEqual([
        second?.child.pid,
      ]);
    } finally {
      await Promise.all([first?.stop('SIGTERM'), second?.stop('SIGTERM')]);
    }
  });
});
