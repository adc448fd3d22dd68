import { connect, createServer, type Socket } from 'node:net';

export type FaultMode = 'pass' | 'hang' | 'reset';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: the same server as the target, behind the proxy. */
  readonly origin: string;
  /** From now on every connection is forwarded (`pass`), accepted and never answered (`hang`) or reset (`reset`). */
  setMode(mode: FaultMode): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of the real Vendure server, so the conformance suite's hang and connection-fault checks run
 * against it without a sandbox: the server itself is never changed. Changing the mode drops every open connection,
 * so a kept-alive socket cannot slip past a fault.
 */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let mode: FaultMode = 'pass';
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hang') return;
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fault proxy has no port');
  const dropAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    origin: `http://127.0.0.1:${address.port}`,
    setMode(next) {
      mode = next;
      dropAll();
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
