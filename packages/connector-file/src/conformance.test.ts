import { generateKeyPairSync } from 'node:crypto';
import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { startSftpServer } from '@stockwire/testing';
import { startConnectionFaultProxy } from './sandbox/connection-fault-proxy.ts';
import { fileConformanceHarness } from './test-support/file-conformance-harness.ts';

/** Short, so the hang check waits little (a handshake on loopback takes tens of milliseconds). */
const sftpConnectTimeoutMs = 2_000;

/** A key the server's authorized_keys does not hold. */
function otherKey(): string {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return pair.privateKey;
}

describeConnectorConformance(
  fileConformanceHarness({
    name: 'file connector over a local folder (CSV)',
    format: 'csv',
    simulatesConnectionFaults: false,
    reachesNetwork: false,
    startTransport: async (root) => ({ transport: { kind: 'folder', path: root }, stop: async () => {} }),
  }),
);

// The must-show: the same suite over SFTP against a real OpenSSH sshd, through a relay that can refuse connections.
describeConnectorConformance(
  fileConformanceHarness({
    name: 'file connector over SFTP against a real sshd (JSON Lines)',
    format: 'jsonl',
    simulatesConnectionFaults: true,
    reachesNetwork: true,
    requestTimeoutMs: sftpConnectTimeoutMs,
    async startTransport(root) {
      const server = await startSftpServer({ rootFolder: root });
      const proxy = await startConnectionFaultProxy({ host: server.host, port: server.port });
      return {
        transport: {
          kind: 'sftp',
          host: proxy.host,
          port: proxy.port,
          username: server.username,
          privateKey: { env: 'FILE_CONFORMANCE_SFTP_KEY' },
          hostFingerprint: server.hostKeyFingerprint,
          path: '.',
          // Every operation opens its connection: a server that stops answering fails it at this timeout.
          connectTimeoutMs: sftpConnectTimeoutMs,
        },
        environment: { FILE_CONFORMANCE_SFTP_KEY: server.privateKey },
        wrongCredentials: { FILE_CONFORMANCE_SFTP_KEY: otherKey() },
        connectionFaults: { inject: () => proxy.refuseConnections(), clear: () => proxy.restore() },
        hangs: { requestTimeoutMs: sftpConnectTimeoutMs, inject: () => proxy.stallConnections() },
        async stop() {
          await proxy.close();
          await server.stop();
        },
      };
    },
  }),
);
