import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server (sshd) that can refuse connections or cut the ones that are open:
 * the network faults an SFTP connector has to survive, without stopping the server itself.
 */
export interface ConnectionFaultProxy {
  readonly host: string;
  readonly port: number;
  /** From now on, every new connection is reset as soon as it arrives (the client sees ECONNRESET). */
  refuseConnections(): void;
  /** From now on, every new connection is accepted and never relayed: the server seems to hang. */
  stallConnections(): void;
  /** Resets every connection open right now; new ones still work unless refused. */
  dropOpenConnections(): void;
  /** New connections are relayed again. */
  restore(): void;
  /** Connections accepted so far, refused or not. */
  readonly connectionsAccepted: number;
  close(): Promise<void>;
}

export async function startConnectionFaultProxy(target: { host: string; port: number }): Promise<ConnectionFaultProxy> {
  let refusing = false;
  let stalling = false;
  const stalled = new Set<Socket>();
  let connectionsAccepted = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    connectionsAccepted++;
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    if (stalling) {
      stalled.add(client);
      client.on('error', () => {}).on('close', () => stalled.delete(client));
      return;
    }
    const upstream = createConnection(target);
    open.add(client);
    const forget = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fault proxy has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    refuseConnections() {
      refusing = true;
    },
    dropOpenConnections() {
      for (const socket of open) socket.resetAndDestroy();
    },
    stallConnections() {
      stalling = true;
    },
    restore() {
      refusing = false;
      stalling = false;
      for (const socket of stalled) socket.destroy();
    },
    get connectionsAccepted() {
      return connectionsAccepted;
    },
    async close() {
      for (const socket of [...open, ...stalled]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
