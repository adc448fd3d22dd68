import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay in front of the test sshd that can refuse new connections (ECONNRESET) or stall them (accepted and
 * never answered, a server that hangs), without stopping the server.
 */
export interface TcpRelay {
  readonly host: string;
  readonly port: number;
  refuse(): void;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  let mode: 'relay' | 'refuse' | 'stall' = 'relay';
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => {}).on('close', () => sockets.delete(client));
    if (mode === 'refuse') return void client.resetAndDestroy();
    if (mode === 'stall') return;
    const upstream = createConnection(target);
    sockets.add(upstream);
    upstream
      .on('error', () => client.destroy())
      .on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    refuse: () => {
      mode = 'refuse';
    },
    stall: () => {
      mode = 'stall';
    },
    restore: () => {
      mode = 'relay';
      for (const socket of sockets) if (socket.listenerCount('data') === 0 && socket.readable) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
