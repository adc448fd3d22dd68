import { Redis } from 'ioredis';
import { type RedisServerHandle, startRedisServer } from './redis-server.ts';

export interface RedisClusterHandle {
  /** Seed nodes for `new Cluster(nodes)`. */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  stop(): Promise<void>;
}

const slotCount = 16_384;

/**
 * Starts a real Redis Cluster of `masters` nodes on random loopback ports: each node owns an equal range of the
 * 16 384 slots, they meet each other, and the call returns once every node reports the cluster healthy. No
 * replicas: tests need the slot rules (keys of one script in one slot), not failover.
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterHandle> {
  const servers: RedisServerHandle[] = await Promise.all(
    Array.from({ length: masters }, () =>
      // Nodes must announce a reachable address, or CLUSTER SLOTS reports one the client cannot connect to.
      startRedisServer({ extraArguments: ['--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1'] }),
    ),
  );
  const clients = servers.map((server) => new Redis(server.url, { maxRetriesPerRequest: 1 }));
  const stop = async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    const perNode = Math.ceil(slotCount / masters);
    await Promise.all(
      clients.map((client, index) =>
        client.call(
          'CLUSTER',
          'ADDSLOTSRANGE',
          String(index * perNode),
          String(Math.min(slotCount, (index + 1) * perNode) - 1),
        ),
      ),
    );
    const firstPort = String(servers[0]?.port);
    for (const client of clients.slice(1)) await client.call('CLUSTER', 'MEET', '127.0.0.1', firstPort);
    await waitUntilHealthy(clients, masters);
    return { nodes: servers.map((server) => ({ host: server.host, port: server.port })), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilHealthy(clients: readonly Redis[], masters: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last = '';
  while (Date.now() < deadline) {
    const infos = await Promise.all(clients.map((client) => client.call('CLUSTER', 'INFO') as Promise<string>));
    last = infos.join('\n');
    const healthy = infos.every(
      (info) => /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${masters}\\b`).test(info),
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the Redis cluster did not become healthy within 20 s:\n${last}`);
}
