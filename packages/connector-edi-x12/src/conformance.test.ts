import { startConnectionFaultProxy } from '@stockwire/connector-file/sandbox';
import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { startSftpServer } from '@stockwire/testing';
import { ediConformanceHarness } from './test-support/edi-conformance-harness.ts';

describeConnectorConformance(
  ediConformanceHarness({
    name: 'EDI X12 connector over a local folder',
    simulatesConnectionFaults: false,
    startTransport: async (root) => ({ transport: { kind: 'folder', path: root }, stop: async () => {} }),
  }),
);

// The must-show: the same suite over SFTP against a real OpenSSH sshd, through a relay that can refuse connections.
describeConnectorConformance(
  ediConformanceHarness({
    name: 'EDI X12 connector over SFTP against a real sshd',
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
          privateKey: { env: 'EDI_CONFORMANCE_SFTP_KEY' },
          hostFingerprint: server.hostKeyFingerprint,
          path: '.',
        },
        environment: { EDI_CONFORMANCE_SFTP_KEY: server.privateKey },
        connectionFaults: { inject: () => proxy.refuseConnections(), clear: () => proxy.restore() },
        async stop() {
          await proxy.close();
          await server.stop();
        },
      };
    },
  }),
);
