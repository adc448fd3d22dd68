import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { startSftpServer } from '@stockwire/testing';
import { startConnectionFaultProxy } from './sandbox/connection-fault-proxy.ts';
import { fileConformanceHarness } from './test-support/file-conformance-harness.ts';

describeConnectorConformance(
  fileConformanceHarness({
    name: 'file connector over a local folder (CSV)',
    format: 'csv',
    simulatesConnectionFaults: false,
    startTransport: async (root) => ({ transport: { kind: 'folder', path: root }, stop: async () => {} }),
  }),
);

// The must-show: the same suite over SFTP against a real OpenSSH sshd, through a relay that can refuse connections.
describeConnectorConformance(
  fileConformanceHarness({
    name: 'file connector over SFTP against a real sshd (JSON Lines)',
    format: 'jsonl',
    simulatesConnectionFaults: true,
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
        },
        environment: { FILE_CONFORMANCE_SFTP_KEY: server.privateKey },
        connectionFaults: { inject: () => proxy.refuseConnections(), clear: () => proxy.restore() },
        async stop() {
          await proxy.close();
          await server.stop();
        },
      };
    },
  }),
);
