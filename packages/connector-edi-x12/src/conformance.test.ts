import { generateKeyPairSync } from 'node:crypto';
import { describeConnectorConformance } from '@stockwire/connector-kit/testing';
import { startSftpServer } from '@stockwire/testing';
import { ediConformanceHarness } from './test-support/edi-conformance-harness.ts';
import { startTcpRelay } from './test-support/tcp-relay.ts';

describeConnectorConformance(
  ediConformanceHarness({
    name: 'EDI X12 connector over a local folder',
    simulatesConnectionFaults: false,
    startTransport: async (root) => ({ transport: { kind: 'folder', path: root }, stop: async () => {} }),
  }),
);

const connectTimeoutMs = 2_000;

/** A key the server's authorized_keys does not hold. */
function otherKey(): string {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return pair.privateKey;
}

// The must-show: the same suite over SFTP against a real OpenSSH sshd, through a relay that refuses or stalls.
describeConnectorConformance(
  ediConformanceHarness({
    name: 'EDI X12 connector over SFTP against a real sshd',
    simulatesConnectionFaults: true,
    hangTimeoutMs: connectTimeoutMs,
    async startTransport(root) {
      const server = await startSftpServer({ rootFolder: root });
      const relay = await startTcpRelay({ host: server.host, port: server.port });
      return {
        transport: {
          kind: 'sftp',
          host: relay.host,
          port: relay.port,
          username: server.username,
          privateKey: { env: 'EDI_CONFORMANCE_SFTP_KEY' },
          hostFingerprint: server.hostKeyFingerprint,
          path: '.',
          connectTimeoutMs,
        },
        environment: { EDI_CONFORMANCE_SFTP_KEY: server.privateKey },
        wrongCredentials: { EDI_CONFORMANCE_SFTP_KEY: otherKey() },
        connectionFaults: { inject: () => relay.refuse(), clear: () => relay.restore() },
        hangs: { requestTimeoutMs: connectTimeoutMs, inject: () => relay.stall() },
        async stop() {
          await relay.close();
          await server.stop();
        },
      };
    },
  }),
);
